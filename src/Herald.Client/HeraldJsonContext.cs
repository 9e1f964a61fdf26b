using System.Text.Json;
using System.Text.Json.Serialization;

namespace Herald.Client;

/// <summary>
/// Generated (de)serializers for every body the client sends or reads: no reflection, so the client trims and
/// serializes events without per-call metadata work.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChannelCreated))]
[JsonSerializable(typeof(ChannelMemberJoined))]
[JsonSerializable(typeof(ConversationMemberJoined))]
[JsonSerializable(typeof(MessageCreated))]
[JsonSerializable(typeof(MessageUpdated))]
[JsonSerializable(typeof(MessageDeleted))]
[JsonSerializable(typeof(ReactionAdded))]
[JsonSerializable(typeof(GroupMemberJoined))]
[JsonSerializable(typeof(GroupMemberLeft))]
[JsonSerializable(typeof(GroupMemberKicked))]
[JsonSerializable(typeof(GroupMemberBanned))]
[JsonSerializable(typeof(GroupMemberUnbanned))]
[JsonSerializable(typeof(GroupMemberAdded))]
[JsonSerializable(typeof(CallInitiated))]
[JsonSerializable(typeof(CallCancelled))]
[JsonSerializable(typeof(CallUnanswered))]
[JsonSerializable(typeof(CallOngoing))]
[JsonSerializable(typeof(CallRejected))]
[JsonSerializable(typeof(CallEnded))]
[JsonSerializable(typeof(CallBusy))]
[JsonSerializable(typeof(PostCreated))]
[JsonSerializable(typeof(CommentCreated))]
[JsonSerializable(typeof(ReplyCreated))]
[JsonSerializable(typeof(PostReacted))]
[JsonSerializable(typeof(MentionCreated))]
[JsonSerializable(typeof(StoryCreated))]
[JsonSerializable(typeof(StoryCommented))]
[JsonSerializable(typeof(StoryReacted))]
[JsonSerializable(typeof(CommunityEventCreated))]
[JsonSerializable(typeof(CommunityEventStarting))]
[JsonSerializable(typeof(UserFollowed))]
[JsonSerializable(typeof(LivestreamStarted))]
[JsonSerializable(typeof(LivestreamEnded))]
[JsonSerializable(typeof(UntypedEvent))]
[JsonSerializable(typeof(CreateAppRequest))]
[JsonSerializable(typeof(UpdateAppRequest))]
[JsonSerializable(typeof(HeraldApp))]
[JsonSerializable(typeof(HeraldApp[]))]
[JsonSerializable(typeof(ApiKeyInfo[]))]
[JsonSerializable(typeof(CreatedApiKey))]
[JsonSerializable(typeof(KeyBody))]
[JsonSerializable(typeof(EndpointRequest))]
[JsonSerializable(typeof(WebhookEndpoint))]
[JsonSerializable(typeof(WebhookEndpoint[]))]
[JsonSerializable(typeof(CreatedEndpoint))]
[JsonSerializable(typeof(EndpointSecret))]
[JsonSerializable(typeof(SecretBody))]
[JsonSerializable(typeof(ReplayBody))]
[JsonSerializable(typeof(ReplayAnswer))]
[JsonSerializable(typeof(UnreadAnswer))]
[JsonSerializable(typeof(DeviceRequest))]
[JsonSerializable(typeof(Device))]
[JsonSerializable(typeof(Device[]))]
[JsonSerializable(typeof(UserPreferences))]
[JsonSerializable(typeof(PreferencesUpdate))]
[JsonSerializable(typeof(NotificationCheck))]
[JsonSerializable(typeof(MembersBody))]
[JsonSerializable(typeof(ChannelMembers))]
[JsonSerializable(typeof(PushSettings))]
[JsonSerializable(typeof(PushSettingsUpdate))]
[JsonSerializable(typeof(EventAccepted))]
[JsonSerializable(typeof(BatchAnswer))]
[JsonSerializable(typeof(DeliveryPage))]
[JsonSerializable(typeof(DeliveryDetail))]
[JsonSerializable(typeof(ProblemBody))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
internal sealed partial class HeraldJsonContext : JsonSerializerContext;

// Bodies and answers that only the client's own calls see.
internal sealed record KeyBody(string Name, string Scope);
internal sealed record SecretBody(string? Secret);
internal sealed record ReplayBody(DateTimeOffset Since, bool? DryRun);
internal sealed record ReplayAnswer(int Queued, int WouldQueue);
internal sealed record UnreadAnswer(int UnreadMessageCount);
internal sealed record MembersBody(IEnumerable<string> Members);
internal sealed record BatchAnswer(int Accepted, int Duplicates, IReadOnlyList<EventAccepted> Events);
internal sealed record ProblemBody(string? Type, string? Title, int? Status, string? Detail, string? Field, Dictionary<string, string[]>? Errors);
