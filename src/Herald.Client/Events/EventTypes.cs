namespace Herald.Client;

/// <summary>
/// Every type in Herald's event catalog (<c>GET /v1/catalog</c>), as constants for endpoint filters and events.
/// A test compares this list with the catalog, so a type added or renamed there fails the build's tests until it is here.
/// </summary>
public static class EventTypes
{
    /// <summary><c>channel.created</c>: When a new channel is created.</summary>
    public const string ChannelCreated = "channel.created";

    /// <summary><c>channel.member_joined</c>: When a user joins a channel.</summary>
    public const string ChannelMemberJoined = "channel.member_joined";

    /// <summary><c>conversation.member_joined</c>: When a user joins a conversation.</summary>
    public const string ConversationMemberJoined = "conversation.member_joined";

    /// <summary><c>message.created</c>: When there is a new message.</summary>
    public const string MessageCreated = "message.created";

    /// <summary><c>message.updated</c>: When a message is edited.</summary>
    public const string MessageUpdated = "message.updated";

    /// <summary><c>message.deleted</c>: When a message is deleted.</summary>
    public const string MessageDeleted = "message.deleted";

    /// <summary><c>reaction.added</c>: When someone reacts to a message.</summary>
    public const string ReactionAdded = "reaction.added";

    /// <summary><c>group.member_joined</c>: When a member joins a group.</summary>
    public const string GroupMemberJoined = "group.member_joined";

    /// <summary><c>group.member_left</c>: When a member leaves a group.</summary>
    public const string GroupMemberLeft = "group.member_left";

    /// <summary><c>group.member_kicked</c>: When a member is kicked from a group.</summary>
    public const string GroupMemberKicked = "group.member_kicked";

    /// <summary><c>group.member_banned</c>: When a member is banned from a group.</summary>
    public const string GroupMemberBanned = "group.member_banned";

    /// <summary><c>group.member_unbanned</c>: When a member is unbanned from a group.</summary>
    public const string GroupMemberUnbanned = "group.member_unbanned";

    /// <summary><c>group.member_added</c>: When a member is added to a group.</summary>
    public const string GroupMemberAdded = "group.member_added";

    /// <summary><c>call.initiated</c>: When a call is started.</summary>
    public const string CallInitiated = "call.initiated";

    /// <summary><c>call.cancelled</c>: When a call is cancelled.</summary>
    public const string CallCancelled = "call.cancelled";

    /// <summary><c>call.unanswered</c>: When a call goes unanswered.</summary>
    public const string CallUnanswered = "call.unanswered";

    /// <summary><c>call.ongoing</c>: When a call is ongoing.</summary>
    public const string CallOngoing = "call.ongoing";

    /// <summary><c>call.rejected</c>: When a call is rejected.</summary>
    public const string CallRejected = "call.rejected";

    /// <summary><c>call.ended</c>: When a call ends.</summary>
    public const string CallEnded = "call.ended";

    /// <summary><c>call.busy</c>: When the callee is busy.</summary>
    public const string CallBusy = "call.busy";

    /// <summary><c>post.created</c>: When a post is created in a community the user follows.</summary>
    public const string PostCreated = "post.created";

    /// <summary><c>comment.created</c>: When someone comments on the user's post.</summary>
    public const string CommentCreated = "comment.created";

    /// <summary><c>reply.created</c>: When someone replies to the user's comment.</summary>
    public const string ReplyCreated = "reply.created";

    /// <summary><c>post.reacted</c>: When someone reacts to the user's post.</summary>
    public const string PostReacted = "post.reacted";

    /// <summary><c>mention.created</c>: When the user is mentioned.</summary>
    public const string MentionCreated = "mention.created";

    /// <summary><c>story.created</c>: When someone the user follows posts a story.</summary>
    public const string StoryCreated = "story.created";

    /// <summary><c>story.commented</c>: When someone comments on the user's story.</summary>
    public const string StoryCommented = "story.commented";

    /// <summary><c>story.reacted</c>: When someone reacts to the user's story.</summary>
    public const string StoryReacted = "story.reacted";

    /// <summary><c>community_event.created</c>: When a community event is created.</summary>
    public const string CommunityEventCreated = "community_event.created";

    /// <summary><c>community_event.starting</c>: When a community event is about to start.</summary>
    public const string CommunityEventStarting = "community_event.starting";

    /// <summary><c>user.followed</c>: When someone follows the user.</summary>
    public const string UserFollowed = "user.followed";

    /// <summary><c>livestream.started</c>: When a live stream starts.</summary>
    public const string LivestreamStarted = "livestream.started";

    /// <summary><c>livestream.ended</c>: When a live stream ends.</summary>
    public const string LivestreamEnded = "livestream.ended";

    /// <summary><c>herald.endpoint.disabled</c>: A webhook endpoint was disabled after failing continuously. Herald's own operational event: subscribe an endpoint to it; it is never posted.</summary>
    public const string HeraldEndpointDisabled = "herald.endpoint.disabled";

    /// <summary><c>herald.credential.expiring</c>: A push credential expires within the renewal window. Herald's own operational event: subscribe an endpoint to it; it is never posted.</summary>
    public const string HeraldCredentialExpiring = "herald.credential.expiring";

    /// <summary><c>herald.metric.alert</c>: A monitoring metric crossed its threshold, or recovered. Herald's own operational event: subscribe an endpoint to it; it is never posted.</summary>
    public const string HeraldMetricAlert = "herald.metric.alert";

    /// <summary><c>herald.device.pruned</c>: A device was removed because its provider said the token is dead (unregistered or invalid). Herald's own operational event: subscribe an endpoint to it; it is never posted.</summary>
    public const string HeraldDevicePruned = "herald.device.pruned";

    /// <summary><c>herald.push.failed</c>: A push was given up (a permanent failure, or its retries ran out), with the provider's reason. Herald's own operational event: subscribe an endpoint to it; it is never posted.</summary>
    public const string HeraldPushFailed = "herald.push.failed";

    /// <summary>Every type above, in the catalog's order.</summary>
    public static IReadOnlyList<string> All { get; } = [ChannelCreated, ChannelMemberJoined, ConversationMemberJoined, MessageCreated, MessageUpdated, MessageDeleted, ReactionAdded, GroupMemberJoined, GroupMemberLeft, GroupMemberKicked, GroupMemberBanned, GroupMemberUnbanned, GroupMemberAdded, CallInitiated, CallCancelled, CallUnanswered, CallOngoing, CallRejected, CallEnded, CallBusy, PostCreated, CommentCreated, ReplyCreated, PostReacted, MentionCreated, StoryCreated, StoryCommented, StoryReacted, CommunityEventCreated, CommunityEventStarting, UserFollowed, LivestreamStarted, LivestreamEnded, HeraldEndpointDisabled, HeraldCredentialExpiring, HeraldMetricAlert, HeraldDevicePruned, HeraldPushFailed];
}
