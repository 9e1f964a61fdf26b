namespace Herald.Storage.Relational;

internal static partial class Rows
{
    /// <summary>An app as read: a class, so that SQLite's 0/1 and PostgreSQL's boolean both land in a bool.</summary>
    public sealed class App
    {
        public string Id { get; set; } = "";
        public string Name { get; set; } = "";
        public string Region { get; set; } = "";
        public long CreatedAt { get; set; }
        public bool StrictEventSchemas { get; set; }

        public AppRecord ToRecord() => new(Id, Name, Region, CreatedAt, StrictEventSchemas);
    }
}
