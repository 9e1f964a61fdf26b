using Herald.Catalog;
using Herald.FanOut;
using Herald.Push.Payloads;
using Herald.Storage;
using Herald.Tests.Push;

namespace Herald.Tests.FanOut;

/// <summary>A community or stream is muted like a conversation: by the conversationId its pushes carry, or by its own id.</summary>
public sealed class PlaceMutingTests
{
    private static readonly EventCatalog Catalog = EventCatalog.LoadEmbedded();
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse(CatalogCases.OccurredAt);

    [Theory]
    [InlineData("post.created", "group_trail-runners", "muted-conversation")]
    [InlineData("post.created", "trail-runners", "muted-conversation")]
    [InlineData("post.created", "group_hiking", null)] // another group: still told
    [InlineData("livestream.started", "livestream_live-9", "muted-conversation")]
    [InlineData("livestream.started", "live-9", "muted-conversation")]
    [InlineData("message.created.group", "group_hiking", "muted-conversation")] // chat as before
    [InlineData("message.created.group", "trail-runners", null)]
    public void A_muted_place_silences_its_pushes_and_nothing_else(string name, string muted, string? expected)
    {
        var type = Catalog.Find(CatalogCases.TypeOf(name))!;
        var e = EventFacts.From(CatalogCases.WebhookBody(name, "app123"));
        var prefs = UserPreferences.Default with { MutedConversations = new Dictionary<string, long?> { [muted] = null } };
        Assert.Equal(expected, PreferenceFilter.Check(prefs, e, CatalogCases.Recipient, type.Category, PushSettings.Default, Now, type.Push)?.Reason);
    }
}
