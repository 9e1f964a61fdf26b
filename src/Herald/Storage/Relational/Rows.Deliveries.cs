using System.Text.Json;

namespace Herald.Storage.Relational;

/// <summary>
/// Rows as both engines hand them back, mapped onto the store's records. Classes with setters, not
/// records: SQLite returns every integer as Int64 and a flag as 0/1, PostgreSQL int, bigint and boolean;
/// Dapper converts either onto a settable property, but not onto a record's constructor (nor, on SQLite,
/// for a computed column or an empty result, which carry no column types).
/// </summary>
internal static partial class Rows
{
    public sealed class Endpoint
    {
        public string Id { get; set; } = "";
        public string AppId { get; set; } = "";
        public string Url { get; set; } = "";
        public string Description { get; set; } = "";
        public string EventTypes { get; set; } = "[]";
        public bool Enabled { get; set; }
        public int RateLimit { get; set; }
        public int? TimeoutMs { get; set; }
        public string? DisabledReason { get; set; }
        public long? FailingSince { get; set; }
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }

        public EndpointRecord ToRecord() => new(
            Id, AppId, Url, Description, JsonSerializer.Deserialize<string[]>(EventTypes) ?? [], Enabled,
            RateLimit, TimeoutMs, DisabledReason, FailingSince, CreatedAt, UpdatedAt);
    }

    public sealed class Summary
    {
        public long Seq { get; set; }
        public string Id { get; set; } = "";
        public string EventId { get; set; } = "";
        public string EventType { get; set; } = "";
        public string EndpointId { get; set; } = "";
        public string? Uid { get; set; }
        public string Status { get; set; } = "";
        public int AttemptCount { get; set; }
        public long? NextAttemptAt { get; set; }
        public int? LastStatusCode { get; set; }
        public string? LastError { get; set; }
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }
        public string Kind { get; set; } = "";
        public string? Provider { get; set; }
        public string? DeviceId { get; set; }
        public int Collapsed { get; set; }

        public DeliverySummary ToRecord() => new(Seq, Id, EventId, EventType, EndpointId, Uid, Status, AttemptCount, NextAttemptAt, LastStatusCode,
            LastError, CreatedAt, UpdatedAt, Kind, Provider, DeviceId, Collapsed);
    }

    public sealed class Attempt
    {
        public int Number { get; set; }
        public long StartedAt { get; set; }
        public double DurationMs { get; set; }
        public int? StatusCode { get; set; }
        public string Outcome { get; set; } = "";
        public string? Error { get; set; }
        public string? Response { get; set; }

        public AttemptRecord ToRecord() => new(Number, StartedAt, DurationMs, StatusCode, Outcome, Error, Response);
    }
}
