namespace Herald.Storage;

/// <summary>The push half of the store contract: settings, credentials, devices, preferences, members, fan-out.</summary>
public partial interface IHeraldStore
{
    // Push settings and per-event toggles/templates (null/absent = the defaults)
    Task<PushSettings?> GetPushSettingsAsync(string appId, CancellationToken ct);
    Task SavePushSettingsAsync(string appId, PushSettings settings, long now, CancellationToken ct);
    Task<IReadOnlyList<EventPushSetting>> ListEventPushSettingsAsync(string appId, CancellationToken ct);
    Task SaveEventPushSettingAsync(string appId, EventPushSetting setting, long now, CancellationToken ct);

    // Credentials ("certificates"). Exactly one active per (app, platform, provider), enforced by a unique index.
    Task CreateCredentialAsync(CredentialRecord credential, CancellationToken ct);
    Task<IReadOnlyList<CredentialRecord>> ListCredentialsAsync(string appId, CancellationToken ct);
    Task<CredentialRecord?> GetCredentialAsync(string appId, string id, CancellationToken ct);
    /// <summary>Makes this credential the active one of its platform/provider and the others inactive, in one transaction.</summary>
    Task<bool> ActivateCredentialAsync(string appId, string id, long now, CancellationToken ct);
    Task<bool> DeleteCredentialAsync(string appId, string id, CancellationToken ct);

    // Devices. A token is unique per (app, provider): registering it again, for any user or device id, moves it.
    Task UpsertDeviceAsync(DeviceRecord device, CancellationToken ct);
    Task<bool> DeleteDeviceAsync(string appId, string uid, string deviceId, CancellationToken ct);
    Task<IReadOnlyList<DeviceRecord>> ListDevicesAsync(string appId, IReadOnlyCollection<string> uids, CancellationToken ct);
    Task<DeviceRecord?> GetDeviceAsync(string appId, string deviceId, CancellationToken ct);
    /// <summary>The devices of <paramref name="deviceIds"/> that are registered (a claimed batch's push targets, in one query).</summary>
    Task<IReadOnlyList<DeviceRecord>> GetDevicesAsync(string appId, IReadOnlyCollection<string> deviceIds, CancellationToken ct);
    /// <summary>Removes a device a provider called dead, but only while it still has that token (it may have re-registered since).</summary>
    Task<bool> PruneDeviceAsync(string appId, string deviceId, string token, CancellationToken ct);

    // User preferences (mutes, quiet hours, locale)
    Task<UserPreferences?> GetPreferencesAsync(string appId, string uid, CancellationToken ct);
    Task<IReadOnlyDictionary<string, UserPreferences>> GetPreferencesAsync(string appId, IReadOnlyCollection<string> uids, CancellationToken ct);
    Task SavePreferencesAsync(string appId, string uid, UserPreferences preferences, long now, CancellationToken ct);

    // Channel (group) members that Herald keeps
    Task ReplaceMembersAsync(string appId, string channelId, IReadOnlyCollection<string> members, CancellationToken ct);
    Task<IReadOnlyList<string>> ListMembersAsync(string appId, string channelId, CancellationToken ct);

    // Fan-out
    /// <summary>
    /// Counts one push per uid in its current throttle window (a window older than <paramref name="windowMs"/>
    /// starts again at <paramref name="now"/>); atomic per uid. Returns, per uid, the count in the window
    /// including this one and the window's start.
    /// </summary>
    Task<IReadOnlyDictionary<string, ThrottleCount>> CountPushesAsync(string appId, IReadOnlyCollection<string> uids, long now, long windowMs, CancellationToken ct);
    /// <summary>
    /// Stores the push jobs of one fan-out and finishes the fan-out job, in one transaction, if this
    /// owner still holds its lease. Jobs whose target already has a job for the same event are skipped
    /// (a fan-out run twice adds nothing); a summary job (<see cref="NewPushJob.Summary"/>) that is already
    /// pending for its target counts one more collapsed push and takes the newer payload. The fan-out's
    /// own attempt (what it decided, for the log) is recorded too. Returns false when the lease was lost.
    /// </summary>
    Task<bool> CompleteFanOutAsync(long fanOutSeq, string owner, IReadOnlyList<NewPushJob> jobs, AttemptRecord attempt, long now, CancellationToken ct);
    /// <summary>
    /// Stores one chunk of a large fan-out's jobs ahead of <see cref="CompleteFanOutAsync"/>, so sending
    /// starts before the last chunk is written; the same rules, and false when the lease was lost.
    /// </summary>
    Task<bool> AddPushJobsAsync(long fanOutSeq, string owner, IReadOnlyList<NewPushJob> jobs, long now, CancellationToken ct);
    /// <summary>Adds to a user's unread (badge) count and returns the new value; <paramref name="set"/> replaces it instead.</summary>
    Task<IReadOnlyDictionary<string, int>> BumpBadgesAsync(string appId, IReadOnlyCollection<string> uids, int by, int? set, CancellationToken ct);
}

/// <summary>An app's push settings; the master toggle is <see cref="Enabled"/>.</summary>
/// <remarks><see cref="IntendedEventTypes"/> is monitoring's "intended" set for event coverage (null = every type of the categories the app uses).</remarks>
public sealed record PushSettings(
    bool Enabled, bool IncludeMessageObject, bool IncludeBadgeCount, string? CustomJson, ThrottleSettings Throttle, bool CallsBreakQuietHours,
    IReadOnlyList<string>? IntendedEventTypes = null)
{
    public static readonly PushSettings Default = new(true, false, false, null, ThrottleSettings.Default, true);
}

/// <summary>At most <see cref="MaxPerWindow"/> pushes per user per window (0 = no throttle); the rest collapse into one summary.</summary>
public sealed record ThrottleSettings(int MaxPerWindow, int WindowSeconds)
{
    public static readonly ThrottleSettings Default = new(30, 60);
}

/// <summary>
/// The Allow toggle and template of one event type, or of one conversation variant of it
/// (message.created has "group" and "user"); <see cref="Variant"/> is "" for the type as a whole.
/// </summary>
public sealed record EventPushSetting(string Type, string Variant, bool Allowed, PushTemplate? Template);

/// <summary>
/// A push template: title and body with {{placeholders}}, per-locale variants, or translation keys
/// (and arguments, each itself a template) for the client to expand.
/// </summary>
public sealed record PushTemplate(
    string? Title, string? Body,
    IReadOnlyDictionary<string, LocaleText>? Locales = null,
    string? TitleLocKey = null, IReadOnlyList<string>? TitleLocArgs = null,
    string? BodyLocKey = null, IReadOnlyList<string>? BodyLocArgs = null);

public sealed record LocaleText(string? Title, string? Body);

/// <summary>A stored credential. <see cref="EncryptedSecret"/> is the secret material, encrypted by the caller.</summary>
public sealed record CredentialRecord(
    string Id, string AppId, string Name, string Platform, string Provider, string Environment, bool Active,
    CredentialDetails Details, byte[] EncryptedSecret, long? ExpiresAt, long CreatedAt, long UpdatedAt);

/// <summary>The non-secret facts of a credential, shown in listings.</summary>
public sealed record CredentialDetails(
    string? KeyId = null, string? TeamId = null, string? Topic = null, string? AuthKind = null,
    string? Subject = null, string? CertificateEnvironment = null,
    string? ProjectId = null, string? ClientEmail = null, string? TokenUri = null,
    string? ApiKeyHint = null, string? Url = null, string? Username = null);

public sealed record DeviceRecord(
    string AppId, string Uid, string DeviceId, string Platform, string Provider, string Token, string? Locale,
    string Environment, long CreatedAt, long UpdatedAt);

/// <summary>A user's own push preferences. Muted conversations map a conversation id to "until" (unix ms) or null for ever.</summary>
public sealed record UserPreferences(
    IReadOnlyDictionary<string, long?> MutedConversations, IReadOnlyList<string> MutedCategories, QuietHours? QuietHours, string? Locale)
{
    public static readonly UserPreferences Default = new(new Dictionary<string, long?>(), [], null, null);
}

/// <summary>Quiet hours "22:00"–"07:00" in an IANA time zone; the range may cross midnight.</summary>
public sealed record QuietHours(string Start, string End, string TimeZone);

public sealed record ThrottleCount(int Count, long WindowStart);

/// <summary>
/// One push job. <see cref="Target"/> is unique per event: "custom/{uid}" or "{provider}/{uid}/{deviceId}",
/// with "/summary/{windowStart}" appended for a throttle summary, of which at most one is pending per target.
/// </summary>
public sealed record NewPushJob(
    string Id, long EventSeq, string EventType, string Target, string Provider, string Uid, string? DeviceId,
    string Payload, long DueAt, bool Summary = false);
