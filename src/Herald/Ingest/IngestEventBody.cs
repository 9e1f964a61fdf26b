using System.Text.Json.Nodes;
using Herald.Kernel;

namespace Herald.Ingest;

/// <summary>
/// The documented shape of an event, for the OpenAPI document only: ingest reads the JSON itself
/// (<see cref="EventParser"/>), so that every mistake is named by its path and the sections pass through byte for byte.
/// </summary>
public sealed record IngestEventBody(
    string? Id, string Type, int? Version, DateTimeOffset? OccurredAt, IngestEventBody.SenderBody? Sender,
    IngestEventBody.ConversationBody? Conversation, string[]? Recipients, JsonObject? Data)
{
    public sealed record SenderBody(string Uid, string? Name, string? Avatar);
    public sealed record ConversationBody(string? Id, [property: ClosedSet(typeof(EventParser), nameof(EventParser.ConversationTypes))] string Type, string? Name);
}

/// <summary>The documented shape of a batch (OpenAPI only, as <see cref="IngestEventBody"/>).</summary>
public sealed record IngestBatchBody(IngestEventBody[] Events);
