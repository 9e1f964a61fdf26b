namespace Herald.Storage;

/// <summary>The channel (group) members that Herald keeps.</summary>
public interface IChannelMemberStore
{
    Task ReplaceMembersAsync(string appId, string channelId, IReadOnlyCollection<string> members, CancellationToken ct);
    Task<IReadOnlyList<string>> ListMembersAsync(string appId, string channelId, CancellationToken ct);
}
