using System.Text.Json.Serialization.Metadata;

namespace Herald.Client;

// One record per client-postable type of the catalog (src/Herald/Catalog/catalog.json; Herald's own herald.* types are
// never posted). CatalogTests fails when the catalog gains or renames a type that is not here.

/// <summary><c>channel.created</c>: When a new channel is created.</summary>
public sealed record ChannelCreated() : HeraldEvent<ChatData>(EventTypes.ChannelCreated)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.ChannelCreated;
}

/// <summary><c>channel.member_joined</c>: When a user joins a channel.</summary>
public sealed record ChannelMemberJoined() : HeraldEvent<ChatData>(EventTypes.ChannelMemberJoined)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.ChannelMemberJoined;
}

/// <summary><c>conversation.member_joined</c>: When a user joins a conversation.</summary>
public sealed record ConversationMemberJoined() : HeraldEvent<ChatData>(EventTypes.ConversationMemberJoined)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.ConversationMemberJoined;
}

/// <summary><c>message.created</c>: When there is a new message.</summary>
public sealed record MessageCreated() : HeraldEvent<MessageData>(EventTypes.MessageCreated)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.MessageCreated;
}

/// <summary><c>message.updated</c>: When a message is edited.</summary>
public sealed record MessageUpdated() : HeraldEvent<MessageData>(EventTypes.MessageUpdated)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.MessageUpdated;
}

/// <summary><c>message.deleted</c>: When a message is deleted.</summary>
public sealed record MessageDeleted() : HeraldEvent<ChatData>(EventTypes.MessageDeleted)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.MessageDeleted;
}

/// <summary><c>reaction.added</c>: When someone reacts to a message.</summary>
public sealed record ReactionAdded() : HeraldEvent<ReactionData>(EventTypes.ReactionAdded)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.ReactionAdded;
}

/// <summary><c>group.member_joined</c>: When a member joins a group.</summary>
public sealed record GroupMemberJoined() : HeraldEvent<ChatData>(EventTypes.GroupMemberJoined)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.GroupMemberJoined;
}

/// <summary><c>group.member_left</c>: When a member leaves a group.</summary>
public sealed record GroupMemberLeft() : HeraldEvent<ChatData>(EventTypes.GroupMemberLeft)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.GroupMemberLeft;
}

/// <summary><c>group.member_kicked</c>: When a member is kicked from a group.</summary>
public sealed record GroupMemberKicked() : HeraldEvent<MemberData>(EventTypes.GroupMemberKicked)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.GroupMemberKicked;
}

/// <summary><c>group.member_banned</c>: When a member is banned from a group.</summary>
public sealed record GroupMemberBanned() : HeraldEvent<MemberData>(EventTypes.GroupMemberBanned)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.GroupMemberBanned;
}

/// <summary><c>group.member_unbanned</c>: When a member is unbanned from a group.</summary>
public sealed record GroupMemberUnbanned() : HeraldEvent<MemberData>(EventTypes.GroupMemberUnbanned)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.GroupMemberUnbanned;
}

/// <summary><c>group.member_added</c>: When a member is added to a group.</summary>
public sealed record GroupMemberAdded() : HeraldEvent<MemberData>(EventTypes.GroupMemberAdded)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.GroupMemberAdded;
}

/// <summary><c>call.initiated</c>: When a call is started.</summary>
public sealed record CallInitiated() : HeraldEvent<CallData>(EventTypes.CallInitiated)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.CallInitiated;
}

/// <summary><c>call.cancelled</c>: When a call is cancelled.</summary>
public sealed record CallCancelled() : HeraldEvent<CallData>(EventTypes.CallCancelled)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.CallCancelled;
}

/// <summary><c>call.unanswered</c>: When a call goes unanswered.</summary>
public sealed record CallUnanswered() : HeraldEvent<CallData>(EventTypes.CallUnanswered)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.CallUnanswered;
}

/// <summary><c>call.ongoing</c>: When a call is ongoing.</summary>
public sealed record CallOngoing() : HeraldEvent<CallData>(EventTypes.CallOngoing)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.CallOngoing;
}

/// <summary><c>call.rejected</c>: When a call is rejected.</summary>
public sealed record CallRejected() : HeraldEvent<CallData>(EventTypes.CallRejected)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.CallRejected;
}

/// <summary><c>call.ended</c>: When a call ends.</summary>
public sealed record CallEnded() : HeraldEvent<CallData>(EventTypes.CallEnded)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.CallEnded;
}

/// <summary><c>call.busy</c>: When the callee is busy.</summary>
public sealed record CallBusy() : HeraldEvent<CallData>(EventTypes.CallBusy)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.CallBusy;
}

/// <summary><c>post.created</c>: When a post is created in a community the user follows.</summary>
public sealed record PostCreated() : HeraldEvent<PostData>(EventTypes.PostCreated)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.PostCreated;
}

/// <summary><c>comment.created</c>: When someone comments on the user's post.</summary>
public sealed record CommentCreated() : HeraldEvent<PostData>(EventTypes.CommentCreated)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.CommentCreated;
}

/// <summary><c>reply.created</c>: When someone replies to the user's comment.</summary>
public sealed record ReplyCreated() : HeraldEvent<PostData>(EventTypes.ReplyCreated)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.ReplyCreated;
}

/// <summary><c>post.reacted</c>: When someone reacts to the user's post.</summary>
public sealed record PostReacted() : HeraldEvent<PostReactionData>(EventTypes.PostReacted)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.PostReacted;
}

/// <summary><c>mention.created</c>: When the user is mentioned.</summary>
public sealed record MentionCreated() : HeraldEvent<PostData>(EventTypes.MentionCreated)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.MentionCreated;
}

/// <summary><c>story.created</c>: When someone the user follows posts a story.</summary>
public sealed record StoryCreated() : HeraldEvent<StoryData>(EventTypes.StoryCreated)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.StoryCreated;
}

/// <summary><c>story.commented</c>: When someone comments on the user's story.</summary>
public sealed record StoryCommented() : HeraldEvent<StoryData>(EventTypes.StoryCommented)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.StoryCommented;
}

/// <summary><c>story.reacted</c>: When someone reacts to the user's story.</summary>
public sealed record StoryReacted() : HeraldEvent<StoryReactionData>(EventTypes.StoryReacted)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.StoryReacted;
}

/// <summary><c>community_event.created</c>: When a community event is created.</summary>
public sealed record CommunityEventCreated() : HeraldEvent<CommunityEventData>(EventTypes.CommunityEventCreated)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.CommunityEventCreated;
}

/// <summary><c>community_event.starting</c>: When a community event is about to start.</summary>
public sealed record CommunityEventStarting() : HeraldEvent<CommunityEventData>(EventTypes.CommunityEventStarting)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.CommunityEventStarting;
}

/// <summary><c>user.followed</c>: When someone follows the user.</summary>
public sealed record UserFollowed() : HeraldEvent<CommunityData>(EventTypes.UserFollowed)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.UserFollowed;
}

/// <summary><c>livestream.started</c>: When a live stream starts.</summary>
public sealed record LivestreamStarted() : HeraldEvent<LivestreamData>(EventTypes.LivestreamStarted)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.LivestreamStarted;
}

/// <summary><c>livestream.ended</c>: When a live stream ends.</summary>
public sealed record LivestreamEnded() : HeraldEvent<LivestreamData>(EventTypes.LivestreamEnded)
{
    private protected override JsonTypeInfo JsonTypeInfo => HeraldJsonContext.Default.LivestreamEnded;
}
