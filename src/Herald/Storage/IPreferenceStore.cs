namespace Herald.Storage;

/// <summary>A user's own push preferences (mutes, quiet hours, locale).</summary>
public interface IPreferenceStore
{
    Task<UserPreferences?> GetPreferencesAsync(string appId, string uid, CancellationToken ct);
    Task<IReadOnlyDictionary<string, UserPreferences>> GetPreferencesAsync(string appId, IReadOnlyCollection<string> uids, CancellationToken ct);
    Task SavePreferencesAsync(string appId, string uid, UserPreferences preferences, long now, CancellationToken ct);
}
