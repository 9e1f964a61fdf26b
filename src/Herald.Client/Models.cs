using System.Text.Json;
using System.Text.Json.Serialization;

namespace Herald.Client;

// Request bodies: a null property is left out, which Herald reads as "not given" (the default on create, unchanged on update).

/// <summary>An app to create (root key).</summary>
public sealed record CreateAppRequest
{
    /// <summary>The app id: 1-64 letters, digits, '-' or '_'.</summary>
    public required string Id { get; init; }

    /// <summary>A name of 1-200 characters.</summary>
    public required string Name { get; init; }

    /// <summary><c>us</c> (the default), <c>eu</c> or <c>in</c>.</summary>
    public string? Region { get; init; }
}

/// <summary>Changes to an app's settings; a setting left null keeps its value.</summary>
public sealed record UpdateAppRequest
{
    /// <summary>true: events whose data does not match their type's schema (the catalog's dataSchema) are refused with 400.</summary>
    public bool? StrictEventSchemas { get; init; }
}

/// <summary>An app.</summary>
/// <param name="Id">The app id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Region">Its region.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="StrictEventSchemas">Whether events whose data does not match their type's schema are refused.</param>
public sealed record HeraldApp(string Id, string Name, string Region, DateTimeOffset CreatedAt, bool StrictEventSchemas = false);

/// <summary>An API key of an app, without its secret.</summary>
/// <param name="Id">The key's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Scope"><c>admin</c> or <c>ingest</c>.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="RevokedAt">When it was revoked, if it was.</param>
public sealed record ApiKeyInfo(string Id, string Name, string Scope, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

/// <summary>A new API key: <see cref="Key"/> is shown this once.</summary>
/// <param name="Id">The key's id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Scope"><c>admin</c> or <c>ingest</c>.</param>
/// <param name="Key">The key itself, for <see cref="HeraldClientOptions.ApiKey"/>.</param>
public sealed record CreatedApiKey(string Id, string Name, string Scope, string Key);

/// <summary>A webhook endpoint to create, or the fields to change (PATCH: a null field keeps its value).</summary>
public sealed record EndpointRequest
{
    /// <summary>The URL Herald POSTs to (needed on create).</summary>
    public string? Url { get; init; }

    /// <summary>A description for people.</summary>
    public string? Description { get; init; }

    /// <summary>The event types it receives (<see cref="EventTypes"/>, or patterns like <c>call.*</c>); empty or null: all.</summary>
    public IReadOnlyList<string>? EventTypes { get; init; }

    /// <summary>False pauses deliveries to it.</summary>
    public bool? Enabled { get; init; }

    /// <summary>Deliveries per second at most.</summary>
    public int? RateLimitPerSecond { get; init; }

    /// <summary>How long Herald waits for an answer, in seconds (0.1-30).</summary>
    public double? TimeoutSeconds { get; init; }

    /// <summary>Your own <c>whsec_</c> secret; null lets Herald make one.</summary>
    public string? Secret { get; init; }
}

/// <summary>A webhook endpoint.</summary>
/// <param name="Id">The endpoint id.</param>
/// <param name="Url">Where Herald POSTs.</param>
/// <param name="Description">Its description.</param>
/// <param name="EventTypes">The types it receives (empty: all).</param>
/// <param name="Enabled">Whether deliveries go out.</param>
/// <param name="RateLimitPerSecond">Deliveries per second at most.</param>
/// <param name="TimeoutSeconds">How long Herald waits for an answer.</param>
/// <param name="DisabledReason">Why Herald disabled it, if it did.</param>
/// <param name="FailingSince">Since when its deliveries fail, if they do.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record WebhookEndpoint(
    string Id, string Url, string Description, IReadOnlyList<string> EventTypes, bool Enabled, int RateLimitPerSecond,
    double TimeoutSeconds, string? DisabledReason, DateTimeOffset? FailingSince, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A new endpoint and its signing secret (shown here and by <see cref="HeraldClient.GetEndpointSecretAsync"/> only).</summary>
/// <param name="Endpoint">The endpoint.</param>
/// <param name="Secret">Its <c>whsec_</c> signing secret.</param>
public sealed record CreatedEndpoint(WebhookEndpoint Endpoint, string Secret);

/// <summary>An endpoint's signing secret.</summary>
/// <param name="Secret">The current <c>whsec_</c> secret.</param>
/// <param name="PreviousSecretsStillSigning">How many earlier secrets still sign, during a rotation's grace.</param>
public sealed record EndpointSecret(string Secret, int PreviousSecretsStillSigning);

/// <summary>A device to register for a user's pushes.</summary>
public sealed record DeviceRequest
{
    /// <summary><c>ios</c>, <c>android</c> or <c>web</c>.</summary>
    public required string Platform { get; init; }

    /// <summary><c>apns</c> (iOS), <c>fcm</c> (Android, iOS, web) or <c>baidu</c> (Android).</summary>
    public required string Provider { get; init; }

    /// <summary>The provider's device token.</summary>
    public required string Token { get; init; }

    /// <summary>The device's language (BCP 47), for localized templates.</summary>
    public string? Locale { get; init; }

    /// <summary>APNs: <c>production</c> (the default) or <c>sandbox</c>.</summary>
    public string? Environment { get; init; }
}

/// <summary>A user's device.</summary>
/// <param name="DeviceId">Your id for the device.</param>
/// <param name="Uid">The user.</param>
/// <param name="Platform">Its platform.</param>
/// <param name="Provider">Its push provider.</param>
/// <param name="Token">The provider's token.</param>
/// <param name="Locale">Its language, if set.</param>
/// <param name="Environment">Its APNs environment.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record Device(
    string DeviceId, string Uid, string Platform, string Provider, string Token, string? Locale, string Environment,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>Quiet hours: no pushes between <see cref="Start"/> and <see cref="End"/> in <see cref="TimeZone"/>.</summary>
/// <param name="Start">Local start, <c>HH:mm</c>.</param>
/// <param name="End">Local end, <c>HH:mm</c>.</param>
/// <param name="TimeZone">An IANA time zone such as <c>Europe/Paris</c>.</param>
public sealed record QuietHours(string Start, string End, string TimeZone);

/// <summary>A user's push preferences.</summary>
/// <param name="MutedConversations">Muted conversations, each until a time or (null) for good.</param>
/// <param name="MutedCategories">Muted catalog categories.</param>
/// <param name="QuietHours">Quiet hours, if set.</param>
/// <param name="Locale">The user's language, if set (else each device's).</param>
/// <param name="PushLevel">The user's push level: <c>all</c>, <c>mentions</c> or <c>none</c>.</param>
/// <param name="ConversationPushLevels">Conversations with their own push level, which overrides the user's.</param>
/// <param name="SnoozeUntil">No push at all until then, if set.</param>
public sealed record UserPreferences(
    IReadOnlyDictionary<string, DateTimeOffset?> MutedConversations, IReadOnlyList<string> MutedCategories, QuietHours? QuietHours, string? Locale,
    string PushLevel = "all", IReadOnlyDictionary<string, string>? ConversationPushLevels = null, DateTimeOffset? SnoozeUntil = null);

/// <summary>The preferences to change: a null property keeps its value; <see cref="Clear"/> names those to clear.</summary>
public sealed record PreferencesUpdate
{
    /// <summary>Replaces the muted conversations (each until a time, or null for good).</summary>
    public IReadOnlyDictionary<string, DateTimeOffset?>? MutedConversations { get; init; }

    /// <summary>Replaces the muted categories.</summary>
    public IReadOnlyList<string>? MutedCategories { get; init; }

    /// <summary>Sets quiet hours.</summary>
    public QuietHours? QuietHours { get; init; }

    /// <summary>Sets the user's language (BCP 47).</summary>
    public string? Locale { get; init; }

    /// <summary>Sets the user's push level: <c>all</c>, <c>mentions</c> or <c>none</c>.</summary>
    public string? PushLevel { get; init; }

    /// <summary>Replaces the per-conversation push levels (conversation id to <c>all</c>, <c>mentions</c> or <c>none</c>).</summary>
    public IReadOnlyDictionary<string, string>? ConversationPushLevels { get; init; }

    /// <summary>Snoozes every push until then.</summary>
    public DateTimeOffset? SnoozeUntil { get; init; }

    /// <summary>
    /// Fields to clear, by their JSON name (<c>quietHours</c>, <c>locale</c>, <c>mutedConversations</c>, <c>mutedCategories</c>,
    /// <c>pushLevel</c> (back to <c>all</c>), <c>conversationPushLevels</c>, <c>snoozeUntil</c>):
    /// Herald reads null as "clear" and absence as "keep", which a null property cannot say.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<string>? Clear { get; init; }
}

/// <summary>A channel's members as Herald keeps them.</summary>
/// <param name="ChannelId">The channel (group) id.</param>
/// <param name="Count">How many members.</param>
/// <param name="Members">Their uids.</param>
public sealed record ChannelMembers(string ChannelId, int Count, IReadOnlyList<string> Members);

/// <summary>Per-user push throttle: at most <see cref="MaxPerWindow"/> pushes per <see cref="WindowSeconds"/> (0: none).</summary>
/// <param name="MaxPerWindow">Pushes per window; 0 turns the throttle off.</param>
/// <param name="WindowSeconds">The window, in seconds.</param>
public sealed record PushThrottle(int MaxPerWindow, int WindowSeconds);

/// <summary>An app's push settings.</summary>
/// <param name="Enabled">Whether pushes go out.</param>
/// <param name="IncludeMessageObject">Whether pushes carry the event.</param>
/// <param name="IncludeBadgeCount">Whether pushes carry a badge count.</param>
/// <param name="Custom">Custom data sent with every push, if set.</param>
/// <param name="Throttle">The per-user throttle.</param>
/// <param name="CallsBreakQuietHours">Whether calls are pushed during quiet hours.</param>
/// <param name="MentionsBreakMute">Whether a mention gets through a conversation the user muted or set to push level <c>none</c>.</param>
public sealed record PushSettings(
    bool Enabled, bool IncludeMessageObject, bool IncludeBadgeCount, JsonElement? Custom, PushThrottle Throttle, bool CallsBreakQuietHours,
    bool MentionsBreakMute = false);

/// <summary>The push settings to change: a null property keeps its value.</summary>
public sealed record PushSettingsUpdate
{
    /// <summary>Turns pushes on or off.</summary>
    public bool? Enabled { get; init; }

    /// <summary>Whether pushes carry the event.</summary>
    public bool? IncludeMessageObject { get; init; }

    /// <summary>Whether pushes carry a badge count.</summary>
    public bool? IncludeBadgeCount { get; init; }

    /// <summary>Custom data for every push (a JSON object, 4 KB at most).</summary>
    public JsonElement? Custom { get; init; }

    /// <summary>True removes the custom data.</summary>
    [JsonIgnore]
    public bool ClearCustom { get; init; }

    /// <summary>The per-user throttle.</summary>
    public PushThrottle? Throttle { get; init; }

    /// <summary>Whether calls are pushed during quiet hours.</summary>
    public bool? CallsBreakQuietHours { get; init; }

    /// <summary>Whether a mention gets through a conversation the user muted or set to push level <c>none</c>.</summary>
    public bool? MentionsBreakMute { get; init; }
}

/// <summary>Whether a user would be notified of an event in a conversation, and if not, why.</summary>
/// <param name="Notified">Whether the push would go out (devices aside).</param>
/// <param name="Reason">Why not, as a code (<c>snoozed</c>, <c>muted-conversation</c>, <c>push-level-mentions</c>…); null when notified.</param>
/// <param name="Detail">The reason in words.</param>
/// <param name="PushLevel">The level that applies in the conversation.</param>
/// <param name="PushLevelSource">Where it comes from: <c>muted</c>, <c>conversation</c>, <c>user</c> or <c>default</c>.</param>
/// <param name="Mentioned">Whether the check was for a mention.</param>
public sealed record NotificationCheck(bool Notified, string? Reason, string Detail, string PushLevel, string PushLevelSource, bool Mentioned);

/// <summary>Herald's answer to one ingested event.</summary>
/// <param name="Id">The event's id (given or made).</param>
/// <param name="Duplicate">True when the id was already stored with the same event: nothing was sent again.</param>
public sealed record EventAccepted(string Id, bool Duplicate);

/// <summary>Herald's answer to an ingest of many events, over all the batches it took.</summary>
/// <param name="Accepted">Events newly stored.</param>
/// <param name="Duplicates">Events already stored under their id.</param>
/// <param name="Events">Each event's id and whether it was a duplicate, in input order.</param>
public sealed record IngestResult(int Accepted, int Duplicates, IReadOnlyList<EventAccepted> Events);

/// <summary>Which deliveries to list (every property optional).</summary>
public sealed record DeliveryQuery
{
    /// <summary><c>pending</c>, <c>succeeded</c>, <c>failed</c> or <c>cancelled</c>.</summary>
    public string? Status { get; init; }

    /// <summary><c>webhook</c>, <c>push</c>, <c>summary</c> or <c>fanout</c>.</summary>
    public string? Kind { get; init; }

    /// <summary>One endpoint's deliveries.</summary>
    public string? EndpointId { get; init; }

    /// <summary>One user's push deliveries.</summary>
    public string? Uid { get; init; }

    /// <summary>One event type's deliveries.</summary>
    public string? Type { get; init; }

    /// <summary><c>custom</c>, <c>apns</c>, <c>fcm</c> or <c>baidu</c>.</summary>
    public string? Provider { get; init; }

    /// <summary>One event's deliveries (the event's id as it was ingested).</summary>
    public string? EventId { get; init; }

    /// <summary>Deliveries of events received at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Deliveries of events received before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>The last attempt's HTTP status: one (<c>503</c>) or a class (<c>5xx</c>).</summary>
    public string? HttpStatus { get; init; }

    /// <summary>Deliveries attempted at least this many times.</summary>
    public int? MinAttempts { get; init; }

    /// <summary>Deliveries attempted at most this many times (0: never attempted).</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>The <see cref="DeliveryPage.Next"/> of the previous page.</summary>
    public string? Cursor { get; init; }

    /// <summary>1-500 per page (default 50).</summary>
    public int? Limit { get; init; }
}

/// <summary>One delivery: a webhook, a push job, a throttle summary or an event's fan-out.</summary>
/// <param name="Id">The delivery id.</param>
/// <param name="Kind"><c>webhook</c>, <c>push</c>, <c>summary</c> or <c>fanout</c>.</param>
/// <param name="EventId">The event.</param>
/// <param name="EventType">Its type.</param>
/// <param name="EndpointId">The webhook endpoint.</param>
/// <param name="Provider">The push provider.</param>
/// <param name="Uid">The push recipient.</param>
/// <param name="DeviceId">The device.</param>
/// <param name="Target">The push credential.</param>
/// <param name="Collapsed">How many pushes a summary stands for.</param>
/// <param name="Status"><c>pending</c>, <c>succeeded</c>, <c>failed</c> or <c>cancelled</c>.</param>
/// <param name="Attempts">Attempts so far.</param>
/// <param name="NextAttemptAt">When the next attempt is due.</param>
/// <param name="LastStatusCode">The last attempt's HTTP status.</param>
/// <param name="LastError">The last attempt's error.</param>
/// <param name="CreatedAt">When it was queued.</param>
/// <param name="UpdatedAt">When it last changed.</param>
public sealed record DeliveryInfo(
    string Id, string Kind, string EventId, string EventType, string? EndpointId, string? Provider, string? Uid, string? DeviceId,
    string? Target, int? Collapsed, string Status, int Attempts,
    DateTimeOffset? NextAttemptAt, int? LastStatusCode, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>One attempt of a delivery.</summary>
/// <param name="Attempt">Its number, from 1.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="DurationMs">How long it took.</param>
/// <param name="StatusCode">The HTTP status, if one came.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Error">The error, if any.</param>
/// <param name="Response">The start of the answer's body.</param>
public sealed record DeliveryAttempt(int Attempt, DateTimeOffset StartedAt, double DurationMs, int? StatusCode, string Outcome, string? Error, string? Response);

/// <summary>A delivery with what was sent and every attempt.</summary>
/// <param name="Delivery">The delivery.</param>
/// <param name="Payload">The body sent.</param>
/// <param name="Attempts">Its attempts.</param>
public sealed record DeliveryDetail(DeliveryInfo Delivery, JsonElement Payload, IReadOnlyList<DeliveryAttempt> Attempts);

/// <summary>A page of deliveries, newest first.</summary>
/// <param name="Items">The deliveries.</param>
/// <param name="Next">The cursor of the next page; null on the last.</param>
public sealed record DeliveryPage(IReadOnlyList<DeliveryInfo> Items, string? Next);
