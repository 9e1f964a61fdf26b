using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Herald.Client;

/// <summary>
/// An event to ingest (docs/PAYLOADS.md). Use the record of its type (<see cref="MessageCreated"/>, <see cref="CallInitiated"/>…),
/// or <see cref="UntypedEvent"/> for a type this client does not know yet.
/// </summary>
public abstract record HeraldEvent
{
    private protected HeraldEvent(string type) => Type = type;

    /// <summary>The catalog type (see <see cref="EventTypes"/>).</summary>
    [JsonPropertyOrder(-2)]
    public string Type { get; }

    /// <summary>
    /// The idempotency id: the same id again is a duplicate and sends nothing twice. Left null, the client makes one
    /// per event per call, kept across that call's retries; give your own to make retrying a whole call safe.
    /// </summary>
    [JsonPropertyOrder(-3)]
    public string? Id { get; init; }

    /// <summary>The schema version (1 to the catalog's); null means the catalog's current one.</summary>
    public int? Version { get; init; }

    /// <summary>When it happened, if not now.</summary>
    public DateTimeOffset? OccurredAt { get; init; }

    /// <summary>Who caused it: never pushed to, named in templates.</summary>
    public EventSender? Sender { get; init; }

    /// <summary>Where it happened; a group conversation's members receive its pushes.</summary>
    public EventConversation? Conversation { get; init; }

    /// <summary>Who receives it, when not (all) the conversation's members.</summary>
    public IReadOnlyList<string>? Recipients { get; init; }

    /// <summary>The generated serializer of the concrete record: one per type, so none is looked up by reflection per event.</summary>
    private protected abstract JsonTypeInfo JsonTypeInfo { get; }

    internal JsonTypeInfo SerializerInfo => JsonTypeInfo;
}

/// <summary>An event whose <c>data</c> has the fields of <typeparamref name="TData"/>.</summary>
/// <typeparam name="TData">The type's data fields.</typeparam>
public abstract record HeraldEvent<TData> : HeraldEvent where TData : class
{
    private protected HeraldEvent(string type) : base(type) { }

    /// <summary>The event's own fields, passed to webhooks verbatim and used by push templates.</summary>
    public TData? Data { get; init; }
}

/// <summary>An event of any type, with free-form data: for a catalog type newer than this client.</summary>
public sealed record UntypedEvent : HeraldEvent<JsonObject>
{
    /// <summary>An event of the given type.</summary>
    /// <param name="type">A type of Herald's catalog.</param>
    public UntypedEvent(string type) : base(type) => ArgumentException.ThrowIfNullOrWhiteSpace(type);

    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.UntypedEvent;
}

/// <summary>The user who caused an event.</summary>
/// <param name="Uid">The user's id in your product (1-200 characters).</param>
/// <param name="Name">The display name, for templates' <c>{{senderName}}</c>.</param>
/// <param name="Avatar">The avatar URL.</param>
public sealed record EventSender(string Uid, string? Name = null, string? Avatar = null);

/// <summary>Where an event happened.</summary>
/// <param name="Type"><c>group</c> for a group or channel, <c>user</c> for a one-on-one conversation.</param>
/// <param name="Id">The group's id (needed for a group).</param>
/// <param name="Name">The display name, for templates' <c>{{conversationName}}</c>.</param>
public sealed record EventConversation(string Type, string? Id = null, string? Name = null)
{
    /// <summary>A group conversation (a group or channel), whose members Herald may keep.</summary>
    /// <param name="id">The group's id.</param>
    /// <param name="name">Its display name.</param>
    public static EventConversation Group(string id, string? name = null) => new("group", id, name);

    /// <summary>A one-on-one conversation.</summary>
    /// <param name="id">Its id, if it has one.</param>
    /// <param name="name">Its display name.</param>
    public static EventConversation User(string? id = null, string? name = null) => new("user", id, name);
}

/// <summary>The base of every type's data: fields the typed record does not name go in <see cref="Extra"/>.</summary>
public abstract record EventData
{
    /// <summary>More fields of <c>data</c>, written beside the typed ones.</summary>
    /// <remarks>
    /// Settable rather than init-only, and of JsonElement values rather than a JsonObject: System.Text.Json's generated
    /// code binds extension data in neither of those other forms.
    /// </remarks>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
