using Herald.Tests.Support;

namespace Herald.Tests.Catalog;

public sealed class CatalogApiTests(HeraldHostFixture host) : IClassFixture<HeraldHostFixture>
{
    private readonly HeraldHost _herald = host.Herald;

    [Theory]
    [InlineData("channel.created", "chat")]
    [InlineData("channel.member_joined", "chat")]
    [InlineData("conversation.member_joined", "chat")]
    [InlineData("message.created", "chat")]
    [InlineData("message.updated", "chat")]
    [InlineData("message.deleted", "chat")]
    [InlineData("reaction.added", "chat")]
    [InlineData("group.member_joined", "chat")]
    [InlineData("group.member_left", "chat")]
    [InlineData("group.member_kicked", "chat")]
    [InlineData("group.member_banned", "chat")]
    [InlineData("group.member_unbanned", "chat")]
    [InlineData("group.member_added", "chat")]
    [InlineData("call.initiated", "call")]
    [InlineData("call.cancelled", "call")]
    [InlineData("call.unanswered", "call")]
    [InlineData("call.ongoing", "call")]
    [InlineData("call.rejected", "call")]
    [InlineData("call.ended", "call")]
    [InlineData("call.busy", "call")]
    [InlineData("post.created", "community")]
    [InlineData("comment.created", "community")]
    [InlineData("reply.created", "community")]
    [InlineData("post.reacted", "community")]
    [InlineData("mention.created", "community")]
    [InlineData("story.created", "community")]
    [InlineData("story.commented", "community")]
    [InlineData("story.reacted", "community")]
    [InlineData("community_event.created", "community")]
    [InlineData("community_event.starting", "community")]
    [InlineData("user.followed", "community")]
    [InlineData("livestream.started", "livestream")]
    [InlineData("livestream.ended", "livestream")]
    public async Task The_catalog_lists_every_event_type_with_category_version_and_template(string type, string category)
    {
        using var client = _herald.CreateClient();
        var catalog = await client.GetJsonAsync("/v1/catalog");
        var entry = catalog.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("type").GetString() == type);
        Assert.Equal(category, entry.GetProperty("category").GetString());
        Assert.False(string.IsNullOrWhiteSpace(entry.GetProperty("description").GetString()));
        Assert.True(entry.GetProperty("schemaVersion").GetInt32() >= 1);
        var template = entry.GetProperty("defaultTemplate");
        Assert.False(string.IsNullOrWhiteSpace(template.GetProperty("title").GetString()));
        Assert.InRange(template.GetProperty("body").GetString()!.Length, 1, 140);
    }

    [Fact]
    public async Task Calls_sit_under_the_chat_tab_and_new_messages_keep_the_two_console_descriptions()
    {
        using var client = _herald.CreateClient();
        var events = (await client.GetJsonAsync("/v1/catalog")).GetProperty("events").EnumerateArray().ToArray();
        var calls = events.Where(e => e.GetProperty("category").GetString() == "call").ToArray();
        Assert.NotEmpty(calls);
        Assert.All(calls, e => Assert.Equal("chat", e.GetProperty("tab").GetString()));
        var variants = events.Single(e => e.GetProperty("type").GetString() == "message.created").GetProperty("conversationVariants");
        Assert.Equal("When there is a new message in the users channel", variants.GetProperty("group").GetProperty("description").GetString());
        Assert.Equal("When there is a new message in the users conversation", variants.GetProperty("user").GetProperty("description").GetString());
    }
}
