namespace Herald.Storage;

/// <summary>An app's push settings; the master toggle is <see cref="Enabled"/>.</summary>
/// <remarks>
/// <see cref="IntendedEventTypes"/> is monitoring's "intended" set for event coverage (null = every type of the categories the app uses).
/// <see cref="MentionsBreakMute"/> lets a mention of the recipient through a conversation they muted or set to pushLevel none;
/// absent from documents stored before it existed, which therefore read as false.
/// </remarks>
public sealed record PushSettings(
    bool Enabled, bool IncludeMessageObject, bool IncludeBadgeCount, string? CustomJson, ThrottleSettings Throttle, bool CallsBreakQuietHours,
    IReadOnlyList<string>? IntendedEventTypes = null, bool MentionsBreakMute = false)
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

/// <summary>
/// A user's own push preferences. Muted conversations map a conversation id to "until" (unix ms) or null for ever.
/// <see cref="PushLevel"/> (null = "all") is the user's level, <see cref="ConversationPushLevels"/> a conversation's,
/// which overrides it; <see cref="SnoozeUntil"/> (unix ms) silences everything until then. The three are absent from
/// documents stored before they existed, which therefore read as "all" and not snoozed.
/// </summary>
public sealed record UserPreferences(
    IReadOnlyDictionary<string, long?> MutedConversations, IReadOnlyList<string> MutedCategories, QuietHours? QuietHours, string? Locale,
    string? PushLevel = null, IReadOnlyDictionary<string, string>? ConversationPushLevels = null, long? SnoozeUntil = null)
{
    public static readonly UserPreferences Default = new(new Dictionary<string, long?>(), [], null, null);

    /// <summary>Every push, only those that mention the user (or everyone), or none.</summary>
    public static readonly string[] PushLevels = ["all", "mentions", "none"];
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
