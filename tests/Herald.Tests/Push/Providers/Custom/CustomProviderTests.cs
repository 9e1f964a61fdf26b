using System.Net.Http.Json;
using System.Text.Json;
using Herald.Tests.Support;

namespace Herald.Tests.Push.Providers.Custom;

/// <summary>The custom provider end to end: event → fan-out → one POST per recipient to a real loopback receiver.</summary>
public sealed class CustomProviderTests
{
    [Theory]
    [InlineData(false, 100)]
    [InlineData(true, 99)]
    public async Task A_group_message_reaches_every_member_once_and_never_the_sender(bool senderIsMember, int expected)
    {
        await using var receiver = await Receiver.StartAsync();
        using var herald = new HeraldHost();
        var (app, admin) = await herald.CreateAppAsync();
        await admin.AddCustomProviderAsync(app, receiver);
        var members = Enumerable.Range(2, 100).Select(i => $"cometchat-uid-{i}").ToList();
        if (senderIsMember) members[0] = "cometchat-uid-1";
        await admin.PutOkAsync($"/v1/apps/{app}/channels/hiking/members", new { members });

        await admin.PostEventAsync(app, PushTestKit.GroupMessage());
        await PushTestKit.ExpectExactlyAsync(receiver, expected);

        var uids = receiver.Requests.Select(PushTestKit.To).ToList();
        Assert.Equal(expected, uids.Distinct().Count());
        Assert.DoesNotContain("cometchat-uid-1", uids);
        Assert.All(receiver.Requests, r =>
        {
            Assert.Equal(PushTestKit.ExpectedBasicAuth, r.Authorization);
            var root = JsonDocument.Parse(r.Body).RootElement;
            Assert.Equal("push-notification-payload-generated", root.GetProperty("trigger").GetString());
            Assert.Equal("custom", root.GetProperty("webhook").GetString());
            Assert.Equal(app, root.GetProperty("appId").GetString());
            Assert.Equal("group_hiking", PushTestKit.Details(r).GetProperty("conversationId").GetString());
        });

        // The fan-out says what it did, and each push is in the delivery log under its recipient.
        var fanOut = Assert.Single((await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?kind=fanout")).GetProperty("items").EnumerateArray());
        var detail = await admin.GetJsonAsync($"/v1/apps/{app}/deliveries/{fanOut.GetProperty("id").GetString()}");
        Assert.Contains($"{expected} push job(s) for {expected} recipient(s)", detail.GetProperty("attempts")[0].GetProperty("response").GetString());
        await ApiExtensions.Eventually(async () =>
            (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?kind=push&provider=custom&status=succeeded&uid=cometchat-uid-50"))
                .GetProperty("items").GetArrayLength() == 1, TimeSpan.FromSeconds(5), "the push to uid-50 is logged as succeeded");
    }

    [Fact]
    public async Task A_group_larger_than_one_write_chunk_reaches_every_member_exactly_once()
    {
        await using var receiver = await Receiver.StartAsync();
        using var herald = new HeraldHost();
        var (app, admin) = await herald.CreateAppAsync();
        await admin.AddCustomProviderAsync(app, receiver);
        var members = Enumerable.Range(0, 2_500).Select(i => $"m{i}").ToArray(); // three chunks of the fan-out's writes
        await admin.PutOkAsync($"/v1/apps/{app}/channels/hiking/members", new { members });

        await admin.PostEventAsync(app, PushTestKit.GroupMessage(sender: "outsider"));
        await PushTestKit.ExpectExactlyAsync(receiver, members.Length, TimeSpan.FromSeconds(30));
        Assert.Equal(members.Order(), receiver.Requests.Select(PushTestKit.To).Order());
    }

    [Fact]
    public async Task A_one_on_one_message_is_one_post_to_the_other_person()
    {
        await using var receiver = await Receiver.StartAsync();
        using var herald = new HeraldHost();
        var (app, admin) = await herald.CreateAppAsync();
        await admin.AddCustomProviderAsync(app, receiver);

        await admin.PostEventAsync(app, PushTestKit.DirectMessage());
        await PushTestKit.ExpectExactlyAsync(receiver, 1);
        var d = PushTestKit.Details(receiver.Requests.Single());
        Assert.Equal("cometchat-uid-1", PushTestKit.To(receiver.Requests.Single()));
        Assert.Equal("cometchat-uid-1_user_cometchat-uid-2", d.GetProperty("conversationId").GetString()); // ordinal order, whoever sent it
        Assert.Equal("George Alan", d.GetProperty("title").GetString());
        Assert.Equal("Hi Andrew", d.GetProperty("body").GetString());
    }

    [Fact]
    public async Task Member_events_keep_the_member_list_that_later_messages_go_to()
    {
        await using var receiver = await Receiver.StartAsync();
        using var herald = new HeraldHost();
        var (app, admin) = await herald.CreateAppAsync();
        await admin.PutOkAsync($"/v1/apps/{app}/channels/hiking/members", new { members = new[] { "a", "b", "c" } });
        object Member(string type, string sender, string? target = null) => new
        {
            type, sender = new { uid = sender, name = sender }, conversation = new { id = "hiking", type = "group", name = "Hiking group" },
            data = target is null ? new { } : (object)new { targetUid = target, targetName = target },
        };
        await admin.PostEventAsync(app, Member("group.member_joined", "d"));
        await admin.PostEventAsync(app, Member("group.member_left", "a"));
        await admin.PostEventAsync(app, Member("group.member_kicked", "b", target: "c"));
        await admin.PostEventAsync(app, Member("group.member_added", "b", target: "e"));
        var members = await admin.GetJsonAsync($"/v1/apps/{app}/channels/hiking/members");
        Assert.Equal(["b", "d", "e"], members.GetProperty("members").EnumerateArray().Select(m => m.GetString()!).ToArray());

        await admin.AddCustomProviderAsync(app, receiver);
        await admin.PostEventAsync(app, PushTestKit.GroupMessage(sender: "d"));
        await PushTestKit.ExpectExactlyAsync(receiver, 2);
        Assert.Equal(["b", "e"], receiver.Requests.Select(PushTestKit.To).Order().ToArray());
    }

    [Fact]
    public async Task A_message_marked_sensitive_never_puts_its_words_in_the_push()
    {
        await using var receiver = await Receiver.StartAsync();
        using var herald = new HeraldHost();
        var (app, admin) = await herald.CreateAppAsync();
        await admin.PutOkAsync($"/v1/apps/{app}/push/settings", new { includeMessageObject = true });
        await admin.AddCustomProviderAsync(app, receiver);

        await admin.PostEventAsync(app, new
        {
            type = "message.created", sender = new { uid = "u1", name = "Andrew Joseph" },
            conversation = new { id = "hiking", type = "group", name = "Hiking group" }, recipients = new[] { "u2" },
            data = new { text = "my PIN is 4321", messageId = "9", sensitive = true },
        });
        await PushTestKit.ExpectExactlyAsync(receiver, 1);
        var got = receiver.Requests.Single();
        Assert.DoesNotContain("4321", got.Body);
        var d = PushTestKit.Details(got);
        Assert.Equal("Andrew Joseph: New message", d.GetProperty("body").GetString());
        Assert.False(d.TryGetProperty("message", out _)); // the message object would carry the words
    }

    [Fact]
    public async Task A_failing_gateway_is_retried_on_the_schedule_and_each_attempt_logged()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Respond = (n, _) => Task.FromResult(n < 2 ? 503 : 200);
        using var herald = new HeraldHost(new Dictionary<string, string?> { ["Herald:Delivery:RetrySchedule"] = "0s,300ms,300ms,300ms" });
        var (app, admin) = await herald.CreateAppAsync();
        await admin.AddCustomProviderAsync(app, receiver);

        await admin.PostEventAsync(app, PushTestKit.GroupMessage(recipients: new[] { "cometchat-uid-2" }));
        await PushTestKit.ExpectExactlyAsync(receiver, 3);
        // Every attempt carries the same delivery id, so the gateway can drop repeats.
        JsonElement push = default;
        await ApiExtensions.Eventually(async () =>
        {
            push = (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?kind=push")).GetProperty("items")[0];
            return push.GetProperty("status").GetString() == "succeeded";
        }, TimeSpan.FromSeconds(5), "the push is recorded as succeeded");
        var detail = await admin.GetJsonAsync($"/v1/apps/{app}/deliveries/{push.GetProperty("id").GetString()}");
        Assert.Equal([503, 503, 200], detail.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()).ToArray());
        Assert.Equal("custom", detail.GetProperty("delivery").GetProperty("provider").GetString());
        Assert.Equal("push-notification-payload-generated", detail.GetProperty("payload").GetProperty("trigger").GetString());
    }

    [Fact]
    public async Task A_gateway_slower_than_two_seconds_is_a_failed_attempt()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Respond = async (_, _) => { await Task.Delay(3000); return 200; };
        using var herald = new HeraldHost(new Dictionary<string, string?> { ["Herald:Delivery:RetrySchedule"] = "0s" });
        var (app, admin) = await herald.CreateAppAsync();
        await admin.AddCustomProviderAsync(app, receiver);

        await admin.PostEventAsync(app, PushTestKit.GroupMessage(recipients: new[] { "cometchat-uid-2" }));
        JsonElement push = default;
        await ApiExtensions.Eventually(async () =>
        {
            var items = (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?kind=push")).GetProperty("items");
            if (items.GetArrayLength() == 0) return false;
            push = items[0];
            return push.GetProperty("status").GetString() == "failed";
        }, TimeSpan.FromSeconds(10), "the push fails");
        Assert.Contains("timed out after 2s", push.GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task The_test_endpoint_sends_now_and_reports_what_the_provider_answered()
    {
        await using var receiver = await Receiver.StartAsync();
        using var herald = new HeraldHost();
        var (app, admin) = await herald.CreateAppAsync();

        var none = await admin.PostAsJsonAsync($"/v1/apps/{app}/push/test", new { uid = "cometchat-uid-9" });
        Assert.Equal(409, (int)none.StatusCode);
        Assert.Contains("No push credential is active", await none.Content.ReadAsStringAsync());

        await admin.AddCustomProviderAsync(app, receiver);
        var r = await admin.PostAsJsonAsync($"/v1/apps/{app}/push/test", new { uid = "cometchat-uid-9", body = "Ping" });
        var json = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(r.IsSuccessStatusCode, json.ToString());
        var target = Assert.Single(json.GetProperty("targets").EnumerateArray());
        Assert.Equal("custom", target.GetProperty("provider").GetString());
        Assert.Equal("delivered", target.GetProperty("outcome").GetString());
        Assert.Equal(200, target.GetProperty("statusCode").GetInt32());
        var got = Assert.Single(receiver.Requests);
        Assert.Equal("cometchat-uid-9", PushTestKit.To(got));
        Assert.Equal("Ping", PushTestKit.Details(got).GetProperty("body").GetString());

        var bad = await admin.PostAsJsonAsync($"/v1/apps/{app}/push/test", new { });
        Assert.Equal(400, (int)bad.StatusCode);
        Assert.Contains("uid", await bad.Content.ReadAsStringAsync());
    }
}
