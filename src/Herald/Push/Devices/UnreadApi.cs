using Herald.Apps;
using Herald.Kernel;
using Herald.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Herald.Push.Devices;

/// <summary>
/// A user's unread count, the <c>unreadMessageCount</c> (the iOS <c>badge</c>) of their pushes: the messages
/// Herald routed to them (<c>message.created</c>, never their own) that they have not read. The product's
/// backend marks a conversation read when the user opens it, or everything; <c>message.deleted</c> takes
/// a message out. Both calls answer the count left, so the backend can set the app's badge at once.
/// </summary>
public static class UnreadApi
{
    public sealed record UnreadView(int UnreadMessageCount);

    public static IEndpointRouteBuilder MapUnread(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/v1/apps/{app}/users/{uid}").WithTags("Unread counts").RequireApp(KeyScopes.Admin);
        g.MapGet("/unread", Get).WithName("getUnreadCount").WithSummary("A user's unread messages across conversations (the badge count)");
        g.MapPost("/conversations/{conversationId}/read", ReadConversation).WithName("markConversationRead")
            .WithSummary("Mark one conversation read (idempotent); answers the unread count left");
        g.MapPost("/read", ReadAll).WithName("markAllRead").WithSummary("Mark every conversation read (idempotent); answers the unread count left");
        return routes;
    }

    internal static async Task<Results<Ok<UnreadView>, ValidationProblem>> Get(string app, string uid, IUnreadStore store, CancellationToken ct)
    {
        if (!DevicesApi.IsId(uid)) return Problems.Invalid("uid", DevicesApi.IdFix);
        return TypedResults.Ok(new UnreadView((await store.CountUnreadAsync(app, [uid], ct)).GetValueOrDefault(uid)));
    }

    private static async Task<Results<Ok<UnreadView>, ValidationProblem>> ReadConversation(
        string app, string uid, string conversationId, IUnreadStore store, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (!DevicesApi.IsId(uid)) errors.Add("uid", DevicesApi.IdFix);
        if (!DevicesApi.IsId(conversationId))
            errors.Add("conversationId", "Use the push envelope's conversationId: group_{guid}, or the two uids joined by _user_ (1-200 printable characters, URL-encoded).");
        if (errors.Any) return errors.ToProblem();
        return TypedResults.Ok(new UnreadView(await store.MarkReadAsync(app, uid, conversationId, ct)));
    }

    internal static async Task<Results<Ok<UnreadView>, ValidationProblem>> ReadAll(string app, string uid, IUnreadStore store, CancellationToken ct)
    {
        if (!DevicesApi.IsId(uid)) return Problems.Invalid("uid", DevicesApi.IdFix);
        return TypedResults.Ok(new UnreadView(await store.MarkReadAsync(app, uid, null, ct)));
    }
}
