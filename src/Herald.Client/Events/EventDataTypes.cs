namespace Herald.Client;

// The data fields that Herald's templates, push tags and membership read (docs/PAYLOADS.md); any other field goes in Extra.

/// <summary>Data of a conversation event that carries no text (joined, left, deleted, created).</summary>
public record ChatData : EventData
{
    /// <summary>The message's id: the push tag, so a later push about it replaces this one.</summary>
    public string? MessageId { get; init; }
}

/// <summary>Data of a new or edited message.</summary>
public sealed record MessageData : ChatData
{
    /// <summary>The message text, for templates' <c>{{text}}</c>.</summary>
    public string? Text { get; init; }

    /// <summary>True shows "New message" instead of the text in pushes.</summary>
    public bool? Sensitive { get; init; }
}

/// <summary>Data of a reaction to a message.</summary>
public sealed record ReactionData : ChatData
{
    /// <summary>The reaction, for templates' <c>{{reaction}}</c>.</summary>
    public string? Reaction { get; init; }
}

/// <summary>Data of a member added, kicked, banned or unbanned by the sender.</summary>
public sealed record MemberData : ChatData
{
    /// <summary>The member's uid: Herald updates the group's members from it (added, kicked, banned).</summary>
    public string? TargetUid { get; init; }

    /// <summary>The member's name, for templates' <c>{{targetName}}</c>.</summary>
    public string? TargetName { get; init; }
}

/// <summary>Data of a call event.</summary>
public sealed record CallData : ChatData
{
    /// <summary>The call type (e.g. <c>audio</c>, <c>video</c>), for templates' <c>{{callType}}</c>.</summary>
    public string? CallType { get; init; }

    /// <summary>The call type's label, for templates' <c>{{callTypeLabel}}</c>.</summary>
    public string? CallTypeLabel { get; init; }

    /// <summary>The call session: the push tag when there is no message id.</summary>
    public string? SessionId { get; init; }
}

/// <summary>Data of a community event: the community is the push receiver.</summary>
public record CommunityData : EventData
{
    /// <summary>The community: its members receive the pushes (else the conversation's).</summary>
    public string? CommunityId { get; init; }

    /// <summary>The community's name, for templates' <c>{{communityName}}</c>.</summary>
    public string? CommunityName { get; init; }

    /// <summary>The community's avatar URL.</summary>
    public string? CommunityAvatar { get; init; }
}

/// <summary>Data of a post, comment, reply or mention.</summary>
public sealed record PostData : CommunityData
{
    /// <summary>The post: the push tag.</summary>
    public string? PostId { get; init; }

    /// <summary>The text, for templates' <c>{{text}}</c>.</summary>
    public string? Text { get; init; }
}

/// <summary>Data of a reaction to a post.</summary>
public sealed record PostReactionData : CommunityData
{
    /// <summary>The post: the push tag.</summary>
    public string? PostId { get; init; }

    /// <summary>The reaction, for templates' <c>{{reaction}}</c>.</summary>
    public string? Reaction { get; init; }
}

/// <summary>Data of a story or a comment on one.</summary>
public sealed record StoryData : CommunityData
{
    /// <summary>The story: the push tag.</summary>
    public string? StoryId { get; init; }

    /// <summary>The text, for templates' <c>{{text}}</c>.</summary>
    public string? Text { get; init; }
}

/// <summary>Data of a reaction to a story.</summary>
public sealed record StoryReactionData : CommunityData
{
    /// <summary>The story: the push tag.</summary>
    public string? StoryId { get; init; }

    /// <summary>The reaction, for templates' <c>{{reaction}}</c>.</summary>
    public string? Reaction { get; init; }
}

/// <summary>Data of a community's scheduled event.</summary>
public sealed record CommunityEventData : CommunityData
{
    /// <summary>The scheduled event: the push tag.</summary>
    public string? EventId { get; init; }

    /// <summary>Its name, for templates' <c>{{eventName}}</c>.</summary>
    public string? EventName { get; init; }
}

/// <summary>Data of a live stream event: the stream is the push receiver.</summary>
public sealed record LivestreamData : EventData
{
    /// <summary>The stream: its viewers receive the pushes, and it is the push tag.</summary>
    public string? StreamId { get; init; }

    /// <summary>The stream's title, for templates' <c>{{streamTitle}}</c>.</summary>
    public string? StreamTitle { get; init; }
}
