namespace Herald.Storage.Sqlite;

public sealed partial class SqliteStore
{
    public Task ReplaceMembersAsync(string appId, string channelId, IReadOnlyCollection<string> members, CancellationToken ct) => throw new NotImplementedException();
    public Task<IReadOnlyList<string>> ListMembersAsync(string appId, string channelId, CancellationToken ct) => throw new NotImplementedException();
    public Task<IReadOnlyDictionary<string, ThrottleCount>> CountPushesAsync(string appId, IReadOnlyCollection<string> uids, long now, long windowMs, CancellationToken ct) => throw new NotImplementedException();
    public Task<bool> CompleteFanOutAsync(long fanOutSeq, string owner, IReadOnlyList<NewPushJob> jobs, long now, CancellationToken ct) => throw new NotImplementedException();
    public Task<IReadOnlyDictionary<string, int>> BumpBadgesAsync(string appId, IReadOnlyCollection<string> uids, int by, int? set, CancellationToken ct) => throw new NotImplementedException();
}
