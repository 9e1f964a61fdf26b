using System.Net.Http.Json;
using System.Text.Json;
using Herald.Tests.Support;

namespace Herald.Tests.Hosting;

public sealed class ServiceSurfaceTests : IClassFixture<ServiceSurfaceTests.Host>
{
    public sealed class Host : IDisposable
    {
        public HeraldHost Herald { get; } = new();
        public void Dispose() => Herald.Dispose();
    }

    private readonly HeraldHost _herald;
    public ServiceSurfaceTests(Host host) => _herald = host.Herald;

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

    [Fact]
    public async Task Health_readiness_and_openapi_are_served()
    {
        using var client = _herald.CreateClient();
        Assert.Equal("Healthy", await client.GetStringAsync("/healthz"));
        Assert.Equal("Healthy", await client.GetStringAsync("/readyz"));
        var openapi = await client.GetJsonAsync("/openapi/v1.json");
        var paths = openapi.GetProperty("paths");
        foreach (var path in new[] { "/v1/apps", "/v1/apps/{app}/events", "/v1/apps/{app}/events/batch", "/v1/apps/{app}/endpoints",
                     "/v1/apps/{app}/endpoints/{id}/secret/rotate", "/v1/apps/{app}/deliveries/{id}/retry", "/v1/apps/{app}/endpoints/{id}/replay", "/v1/catalog" })
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI lacks {path}");
    }

    [Fact]
    public async Task The_endpoint_listing_never_shows_the_signing_secret()
    {
        var (app, admin) = await _herald.CreateAppAsync();
        var ep = await admin.CreateEndpointAsync(app, new { url = "http://127.0.0.1:9/hook", description = "billing" });
        var list = await admin.GetStringAsync($"/v1/apps/{app}/endpoints");
        var one = await admin.GetStringAsync($"/v1/apps/{app}/endpoints/{ep.Id}");
        Assert.DoesNotContain(ep.Secret, list, StringComparison.Ordinal);
        Assert.DoesNotContain(ep.Secret, one, StringComparison.Ordinal);
        Assert.DoesNotContain("whsec_", list, StringComparison.Ordinal);
        var view = JsonDocument.Parse(one).RootElement;
        Assert.Equal("billing", view.GetProperty("description").GetString());
        Assert.Equal(5, view.GetProperty("timeoutSeconds").GetDouble());
    }

    [Fact]
    public async Task Deleting_an_endpoint_cancels_its_queued_deliveries()
    {
        var (app, admin) = await _herald.CreateAppAsync();
        // Port 9 (discard) on loopback refuses connections: the delivery stays queued for a retry.
        var ep = await admin.CreateEndpointAsync(app, new { url = "http://127.0.0.1:9/hook" });
        await admin.PostEventAsync(app, new { id = "gone", type = "message.created", data = new { text = "x" } });
        await ApiExtensions.Eventually(async () =>
            (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries")).GetProperty("items")[0].GetProperty("attempts").GetInt32() >= 1,
            TimeSpan.FromSeconds(10), "the first attempt fails");
        Assert.Equal(204, (int)(await admin.DeleteAsync($"/v1/apps/{app}/endpoints/{ep.Id}")).StatusCode);
        var item = (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries")).GetProperty("items")[0];
        Assert.Equal("cancelled", item.GetProperty("status").GetString());
        Assert.Equal(404, (int)(await admin.GetAsync($"/v1/apps/{app}/endpoints/{ep.Id}")).StatusCode);
    }
}
