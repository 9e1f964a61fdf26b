using System.Text.Json;
using System.Text.Json.Serialization;

namespace Herald.Storage.Relational;

internal static partial class Rows
{
    /// <summary>A credential's details as stored: only the facts it has.</summary>
    public static readonly JsonSerializerOptions DetailsJson = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>
    /// Settings, templates and preferences are documents the API reads and writes whole; JSON text keeps the
    /// schema still when they gain a field, and both engines store the same text, so an export from one reads in the other.
    /// </summary>
    public static readonly JsonSerializerOptions PushJson = new(JsonSerializerDefaults.Web);

    public sealed class Credential
    {
        public string Id { get; set; } = "";
        public string AppId { get; set; } = "";
        public string Name { get; set; } = "";
        public string Platform { get; set; } = "";
        public string Provider { get; set; } = "";
        public string Environment { get; set; } = "";
        public bool Active { get; set; }
        public string Details { get; set; } = "{}";
        public byte[] Secret { get; set; } = [];
        public long? ExpiresAt { get; set; }
        public long CreatedAt { get; set; }
        public long UpdatedAt { get; set; }

        public CredentialRecord ToRecord() => new(
            Id, AppId, Name, Platform, Provider, Environment, Active,
            JsonSerializer.Deserialize<CredentialDetails>(Details, DetailsJson) ?? new CredentialDetails(), Secret, ExpiresAt, CreatedAt, UpdatedAt);
    }

    /// <summary>Where a credential is active: one per app, platform and provider.</summary>
    public sealed class CredentialSlot
    {
        public string Platform { get; set; } = "";
        public string Provider { get; set; } = "";
    }

    public sealed class EventSetting
    {
        public string Type { get; set; } = "";
        public string Variant { get; set; } = "";
        public bool Allowed { get; set; }
        public string? Template { get; set; }

        public EventPushSetting ToRecord() => new(
            Type, Variant, Allowed, Template is null ? null : JsonSerializer.Deserialize<PushTemplate>(Template, PushJson));
    }

    public sealed class Preferences
    {
        public string Uid { get; set; } = "";
        public string Prefs { get; set; } = "";
    }
}
