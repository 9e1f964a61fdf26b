using System.Text.Json;

namespace Herald.Catalog;

/// <summary>An accepted event, validated, before routing.</summary>
public sealed record ParsedEvent(string Id, string Type, int Version, string? SenderUid, DateTimeOffset? OccurredAt, JsonElement Source);
