namespace Herald.Storage.Relational;

internal static partial class Rows
{
    public sealed class EventType
    {
        public string Type { get; set; } = "";
        public long Count { get; set; }
        public long Duplicates { get; set; }
        public long FirstSeen { get; set; }
        public long LastSeen { get; set; }
        public long? LastDuplicateAt { get; set; }

        public EventTypeStats ToRecord() => new(Type, Count, Duplicates, FirstSeen, LastSeen, LastDuplicateAt);
    }

    public sealed class Devices
    {
        public string Platform { get; set; } = "";
        public string Provider { get; set; } = "";
        public long Count { get; set; }

        public DeviceCount ToRecord() => new(Platform, Provider, Count);
    }

    public sealed class Queue
    {
        public long Pending { get; set; }
        public long Due { get; set; }
        public long? OldestDueAt { get; set; }
        public long DeadLetters { get; set; }

        public QueueStats ToRecord() => new(Pending, Due, OldestDueAt, DeadLetters);
    }

    public sealed class Sample
    {
        public long At { get; set; }
        public long Pending { get; set; }
        public long Due { get; set; }
        public long? OldestDueAt { get; set; }
        public long DeadLetters { get; set; }

        public QueueSample ToRecord() => new(At, Pending, Due, OldestDueAt, DeadLetters);
    }

    /// <summary>A value every node shares (a provider token) and when it was made.</summary>
    public sealed class Shared
    {
        public string Value { get; set; } = "";
        public long IssuedAt { get; set; }
    }
}
