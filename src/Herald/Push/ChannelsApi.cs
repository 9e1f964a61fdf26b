using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Herald.Apps;
using Herald.Kernel;
using Herald.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Herald.Push;

/// <summary>
/// The members Herald keeps for a group, so events to it may leave out recipients. PUT replaces the
/// list; member join/leave/kick/ban events keep it current afterwards.
/// </summary>
public static class ChannelsApi
{
    [JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
    public sealed record MembersBody([property: Required] string[]? Members);
    public sealed record MembersView(string ChannelId, int Count, IReadOnlyList<string> Members);

    public const int MaxMembers = 100_000;

    public static IEndpointRouteBuilder MapChannels(this IEndpointRouteBuilder routes)
    {
        // The product's backend keeps members as it keeps events, so an ingest key may do it too.
        var g = routes.MapGroup("/v1/apps/{app}/channels/{channel}/members").WithTags("Channels").RequireApp(KeyScopes.Ingest);
        // Up to MaxMembers uids: the ingest batch limit, not the management API's 1 MB.
        g.MapPut("/", Replace).WithMetadata(JsonBodyGuard.TakesLargeBody).WithName("setChannelMembers").WithSummary("Replace a channel's member list");
        g.MapGet("/", List).WithName("listChannelMembers").WithSummary("List a channel's members");
        return routes;
    }

    private static async Task<Results<Ok<MembersView>, ValidationProblem>> Replace(
        string app, string channel, MembersBody body, IHeraldStore store, CancellationToken ct)
    {
        if (!ValidId(channel)) return Problems.Invalid("channel", "A channel id (the group's guid) is 1-200 printable characters.");
        if (body.Members is null) return Problems.Invalid("members", "Send { \"members\": [\"uid-1\", \"uid-2\"] }; an empty list removes every member.");
        if (body.Members.Length > MaxMembers) return Problems.Invalid("members", $"At most {MaxMembers} members per channel.");
        for (var i = 0; i < body.Members.Length; i++)
            if (!ValidId(body.Members[i])) return Problems.Invalid($"members[{i}]", "Each member is a user uid: 1-200 printable characters.");
        var members = body.Members.Distinct(StringComparer.Ordinal).ToList();
        await store.ReplaceMembersAsync(app, channel, members, ct);
        return TypedResults.Ok(new MembersView(channel, members.Count, members.Order(StringComparer.Ordinal).ToList()));
    }

    private static async Task<Ok<MembersView>> List(string app, string channel, IHeraldStore store, CancellationToken ct)
    {
        var members = await store.ListMembersAsync(app, channel, ct);
        return TypedResults.Ok(new MembersView(channel, members.Count, members));
    }

    private static bool ValidId(string? s) => s is { Length: > 0 and <= 200 } && !string.IsNullOrWhiteSpace(s) && !s.Any(char.IsControl);
}
