using System.Net;
using System.Text.Json;
using Herald.Client;
using Herald.Tests.Support;
using Herald.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Herald.Tests.Client;

/// <summary>The client against a real Herald (in process, real SQLite, real HTTP to a loopback receiver).</summary>
public sealed class HeraldClientTests : IAsyncLifetime
{
    private readonly HeraldHost _herald = new();
    private Receiver _receiver = null!;
    private HeraldClient _root = null!;

    public async Task InitializeAsync()
    {
        _receiver = await Receiver.StartAsync();
        _root = new HeraldClient(_herald.CreateClient(), new HeraldClientOptions { ApiKey = HeraldHost.RootKey });
    }

    public async Task DisposeAsync()
    {
        _herald.Dispose();
        await _receiver.DisposeAsync();
    }

    private static string NewAppId() => "app" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A new app and a client holding its admin key, made through the client itself.</summary>
    private async Task<(string App, HeraldClient Admin)> NewAppAsync(HttpClient? http = null)
    {
        var app = await _root.CreateAppAsync(new CreateAppRequest { Id = NewAppId(), Name = "Client test" });
        var key = await _root.CreateKeyAsync(app.Id, "backend", "admin");
        return (app.Id, new HeraldClient(http ?? _herald.CreateClient(), new HeraldClientOptions { ApiKey = key.Key }));
    }

    [Fact]
    public async Task The_README_quick_start_runs_through_the_client()
    {
        // README "Try it": an app, a key, an endpoint, one message.created, and its delivery.
        var app = await _root.CreateAppAsync(new CreateAppRequest { Id = NewAppId(), Name = "My chat app", Region = "us" });
        Assert.Equal("us", app.Region);
        Assert.Contains(await _root.ListAppsAsync(), a => a.Id == app.Id);
        var key = await _root.CreateKeyAsync(app.Id, "backend", "admin");
        var admin = new HeraldClient(_herald.CreateClient(), new HeraldClientOptions { ApiKey = key.Key });
        var created = await admin.CreateEndpointAsync(app.Id, new EndpointRequest
        {
            Url = _receiver.Url, EventTypes = [EventTypes.MessageCreated, "call.*"],
        });
        Assert.StartsWith("whsec_", created.Secret);
        _receiver.Verifier = new WebhookVerifier(created.Secret);

        var message = new MessageCreated
        {
            Id = "m-1",
            Sender = new EventSender("u1", "Andrew"),
            Conversation = EventConversation.Group("hiking", "Hiking group"),
            Data = new MessageData { Text = "Hello!" },
        };
        var result = await admin.IngestAsync(app.Id, [message]);
        Assert.Equal(new EventAccepted("m-1", false), Assert.Single(result.Events));
        Assert.Equal((1, 0), (result.Accepted, result.Duplicates));
        // The same event again is a duplicate and sends nothing twice.
        Assert.True((await admin.SendEventAsync(app.Id, message)).Duplicate);

        await ApiExtensions.Eventually(() => Task.FromResult(!_receiver.Requests.IsEmpty), TimeSpan.FromSeconds(20), "the webhook arrives");
        var received = Assert.Single(_receiver.Requests);
        Assert.True(received.SignatureValid, received.VerifyError);
        using (var body = JsonDocument.Parse(received.Body))
        {
            Assert.Equal("m-1", body.RootElement.GetProperty("id").GetString());
            Assert.Equal("Hello!", body.RootElement.GetProperty("data").GetProperty("text").GetString());
        }

        DeliveryInfo? delivery = null;
        await ApiExtensions.Eventually(async () =>
        {
            delivery = (await admin.ListDeliveriesAsync(app.Id, new DeliveryQuery { Kind = "webhook", Status = "succeeded" })).Items.SingleOrDefault();
            return delivery is not null;
        }, TimeSpan.FromSeconds(20), "the delivery shows as succeeded");
        Assert.Equal(("m-1", created.Endpoint.Id), (delivery!.EventId, delivery.EndpointId));
        var detail = await admin.GetDeliveryAsync(app.Id, delivery.Id);
        Assert.Equal(200, Assert.Single(detail.Attempts).StatusCode);
        Assert.Equal("m-1", detail.Payload.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_batch_of_1001_events_goes_as_two_requests_and_all_are_stored()
    {
        var counter = new RequestCounter();
        var (app, admin) = await NewAppAsync(_herald.CreateDefaultClient(counter));
        var events = Enumerable.Range(0, 1001).Select(i => new MessageCreated { Id = $"b-{i}", Sender = new EventSender("u1") }).ToList();

        var result = await admin.IngestAsync(app, events);
        Assert.Equal((1001, 0), (result.Accepted, result.Duplicates));
        Assert.Equal(events.Select(e => e.Id), result.Events.Select(e => e.Id));
        Assert.Equal([$"/v1/apps/{app}/events/batch", $"/v1/apps/{app}/events/batch"], counter.Paths);

        // The same call again: both batches are duplicates, nothing stored twice.
        var again = await admin.IngestAsync(app, events);
        Assert.Equal((0, 1001), (again.Accepted, again.Duplicates));
    }

    [Fact]
    public async Task Batches_cut_by_bytes_fit_Heralds_own_limit_and_an_oversized_event_sends_nothing()
    {
        // A Herald with small limits, so that the byte limit, not the count, cuts the batches.
        using var small = new HeraldHost(new Dictionary<string, string?>
        {
            ["Herald:Ingest:MaxBatchBytes"] = "65536", ["Herald:Ingest:MaxEventBytes"] = "16384",
        });
        using var root = small.Root();
        var app = NewAppId();
        (await root.PostAsync("/v1/apps", JsonContent(new { id = app, name = "Small" }))).EnsureSuccessStatusCode();
        var counter = new RequestCounter();
        var client = new HeraldClient(small.CreateDefaultClient(counter), new HeraldClientOptions
        {
            ApiKey = HeraldHost.RootKey, MaxBatchBytes = 65536, MaxEventBytes = 16384,
        });

        var events = Enumerable.Range(0, 30).Select(i => new MessageCreated
        {
            Id = $"big-{i}", Data = new MessageData { Text = new string('é', 4000 + i * 10) }, // ~8 KB of UTF-8 each
        }).ToList();
        var result = await client.IngestAsync(app, events);
        Assert.Equal(30, result.Accepted);
        Assert.InRange(counter.Paths.Count, 4, 5); // ~250 KB in batches of at most 64 KB: 4 full ones and the rest

        counter.Paths.Clear();
        var tooBig = new MessageCreated { Id = "huge", Data = new MessageData { Text = new string('x', 17_000) } };
        var e = await Assert.ThrowsAsync<ArgumentException>(() => client.IngestAsync(app, [events[0] with { Id = "ok-1" }, tooBig]));
        Assert.Contains("events[1]", e.Message);
        Assert.Empty(counter.Paths);
    }

    [Fact]
    public async Task UpdateAppAsync_turns_strict_event_schemas_on_and_a_nonconforming_event_names_its_field()
    {
        var (app, admin) = await NewAppAsync();
        Assert.False((await admin.GetAppAsync(app)).StrictEventSchemas);
        Assert.True((await admin.UpdateAppAsync(app, new UpdateAppRequest { StrictEventSchemas = true })).StrictEventSchemas);
        Assert.True((await admin.UpdateAppAsync(app, new UpdateAppRequest())).StrictEventSchemas); // null keeps it

        var refused = await Assert.ThrowsAsync<HeraldApiException>(() => admin.SendEventAsync(app, new MessageCreated { Data = new MessageData { MessageId = "m-1" } }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(refused.Problem!.Errors!.Keys, k => k.EndsWith("data.text", StringComparison.Ordinal));
        await admin.SendEventAsync(app, new MessageCreated { Data = new MessageData { Text = "Hello", MessageId = "m-1" } });
    }

    [Fact]
    public async Task Problems_become_HeraldApiException_with_type_title_status_detail_and_field()
    {
        var (app, admin) = await NewAppAsync();

        var invalid = await Assert.ThrowsAsync<HeraldApiException>(() => admin.CreateEndpointAsync(app, new EndpointRequest { Url = "not a url" }));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var p = invalid.Problem!;
        Assert.Equal((400, "url"), (p.Status, p.Field));
        Assert.False(string.IsNullOrEmpty(p.Type));
        Assert.Equal("The request is not valid", p.Title);
        Assert.StartsWith("url:", p.Detail);
        Assert.Contains("url", p.Errors!.Keys);

        var missing = await Assert.ThrowsAsync<HeraldApiException>(() => admin.GetEndpointAsync(app, "ep_nope"));
        Assert.Equal((HttpStatusCode.NotFound, "Not found"), (missing.StatusCode, missing.Problem?.Title));

        var unknown = await Assert.ThrowsAsync<HeraldApiException>(() => admin.IngestAsync(app, [new UntypedEvent("no.such.type") { Data = new() { ["a"] = 1 } }]));
        Assert.Equal("events[0].type", unknown.Problem?.Field);

        await admin.SendEventAsync(app, new MessageCreated { Id = "x-1", Data = new MessageData { Text = "one" } });
        var taken = await Assert.ThrowsAsync<HeraldApiException>(() =>
            admin.SendEventAsync(app, new MessageCreated { Id = "x-1", Data = new MessageData { Text = "two" } }));
        Assert.Equal((HttpStatusCode.Conflict, "id"), (taken.StatusCode, taken.Problem?.Field));
        Assert.Contains("x-1", taken.Message);
    }

    [Fact]
    public async Task Management_calls_round_trip_keys_endpoints_devices_preferences_channels_and_push_settings()
    {
        var (app, admin) = await NewAppAsync();
        Assert.Equal(app, (await admin.GetAppAsync(app)).Id);

        // Keys.
        var ingestKey = await _root.CreateKeyAsync(app, "ingest only", "ingest");
        await _root.RevokeKeyAsync(app, ingestKey.Id);
        Assert.NotNull(Assert.Single(await _root.ListKeysAsync(app), k => k.Id == ingestKey.Id).RevokedAt);

        // Endpoints.
        var ep = (await admin.CreateEndpointAsync(app, new EndpointRequest { Url = _receiver.Url, Description = "first" })).Endpoint;
        var updated = await admin.UpdateEndpointAsync(app, ep.Id, new EndpointRequest { Description = "second", Enabled = false });
        Assert.Equal(("second", false, _receiver.Url), (updated.Description, updated.Enabled, updated.Url)); // absent fields kept
        Assert.Equal("second", (await admin.GetEndpointAsync(app, ep.Id)).Description);
        Assert.Equal(ep.Id, Assert.Single(await admin.ListEndpointsAsync(app)).Id);
        var before = await admin.GetEndpointSecretAsync(app, ep.Id);
        var rotated = await admin.RotateEndpointSecretAsync(app, ep.Id);
        Assert.NotEqual(before.Secret, rotated.Secret);
        Assert.Equal(rotated.Secret, (await admin.GetEndpointSecretAsync(app, ep.Id)).Secret);
        Assert.Equal(0, await admin.ReplayEndpointAsync(app, ep.Id, DateTimeOffset.UtcNow.AddMinutes(-5)));
        await admin.DeleteEndpointAsync(app, ep.Id);
        Assert.Empty(await admin.ListEndpointsAsync(app));

        // Devices.
        var device = await admin.RegisterDeviceAsync(app, "u1", "phone-1", new DeviceRequest
        {
            Platform = "android", Provider = "fcm", Token = "fcm-token-1", Locale = "fr",
        });
        Assert.Equal(("u1", "fcm", "fr", "production"), (device.Uid, device.Provider, device.Locale, device.Environment));
        Assert.Equal("phone-1", Assert.Single(await admin.ListDevicesAsync(app, "u1")).DeviceId);
        await admin.UnregisterDeviceAsync(app, "u1", "phone-1");
        Assert.Empty(await admin.ListDevicesAsync(app, "u1"));

        // Preferences: set, then clear one field while keeping the others.
        var until = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var prefs = await admin.UpdatePreferencesAsync(app, "u1", new PreferencesUpdate
        {
            MutedConversations = new Dictionary<string, DateTimeOffset?> { ["group_hiking"] = until, ["u1_user_u2"] = null },
            QuietHours = new QuietHours("22:00", "07:00", "Europe/Paris"),
            Locale = "de",
        });
        Assert.Equal(until, prefs.MutedConversations["group_hiking"]);
        Assert.Null(prefs.MutedConversations["u1_user_u2"]);
        var cleared = await admin.UpdatePreferencesAsync(app, "u1", new PreferencesUpdate { Clear = ["quietHours"] });
        Assert.Null(cleared.QuietHours);
        Assert.Equal("de", cleared.Locale);
        Assert.Equal(2, cleared.MutedConversations.Count); // absent: kept
        var fetched = await admin.GetPreferencesAsync(app, "u1");
        Assert.Equal((null, "de", 2), (fetched.QuietHours, fetched.Locale, fetched.MutedConversations.Count));

        // Unread counts: the read calls answer what is left (nothing was sent to u1 here).
        Assert.Equal(0, await admin.MarkConversationReadAsync(app, "u1", "u1_user_u2"));
        Assert.Equal(0, await admin.MarkAllReadAsync(app, "u1"));
        Assert.Equal(0, await admin.GetUnreadCountAsync(app, "u1"));

        // Push levels and snooze, and the check that explains them.
        var levels = await admin.UpdatePreferencesAsync(app, "u1", new PreferencesUpdate
        {
            PushLevel = "mentions", ConversationPushLevels = new Dictionary<string, string> { ["group_trail"] = "none" }, SnoozeUntil = until,
        });
        Assert.Equal(("mentions", "none", until), (levels.PushLevel, levels.ConversationPushLevels!["group_trail"], levels.SnoozeUntil));
        var unsnoozed = await admin.UpdatePreferencesAsync(app, "u1", new PreferencesUpdate { Clear = ["snoozeUntil", "pushLevel"] });
        Assert.Equal(("all", (DateTimeOffset?)null), (unsnoozed.PushLevel, unsnoozed.SnoozeUntil));
        var check = await admin.CheckNotificationAsync(app, "u1", conversationId: "group_trail", mentioned: true);
        Assert.Equal((false, "none", "conversation"), (check.Notified, check.PushLevel, check.PushLevelSource));

        // Channels.
        var members = await admin.ReplaceChannelMembersAsync(app, "hiking", ["u2", "u1", "u2"]);
        Assert.Equal(2, members.Count);
        Assert.Equal(["u1", "u2"], members.Members);
        Assert.Equal(2, (await admin.GetChannelMembersAsync(app, "hiking")).Count);

        // Push settings: set custom data, then remove it while the rest stays.
        using var custom = JsonDocument.Parse("""{"brand":"blue"}""");
        var settings = await admin.UpdatePushSettingsAsync(app, new PushSettingsUpdate
        {
            IncludeBadgeCount = true, Custom = custom.RootElement.Clone(), Throttle = new PushThrottle(5, 60),
        });
        Assert.Equal("blue", settings.Custom?.GetProperty("brand").GetString());
        Assert.Equal(new PushThrottle(5, 60), settings.Throttle);
        var removed = await admin.UpdatePushSettingsAsync(app, new PushSettingsUpdate { ClearCustom = true });
        Assert.Null(removed.Custom);
        Assert.True(removed.IncludeBadgeCount);
        Assert.Equal(removed.Throttle, (await admin.GetPushSettingsAsync(app)).Throttle);
        Assert.True((await admin.UpdatePushSettingsAsync(app, new PushSettingsUpdate { MentionsBreakMute = true })).MentionsBreakMute);

        // Deliveries: an unknown one is a 404 problem (the route and its answer, not a delivery's life, are checked here).
        var nope = await Assert.ThrowsAsync<HeraldApiException>(() => admin.RetryDeliveryAsync(app, "msg_nope"));
        Assert.Equal(HttpStatusCode.NotFound, nope.StatusCode);
    }

    [Fact]
    public async Task AddHeraldClient_gives_a_factory_client_with_the_configured_address_and_key()
    {
        var handler = _herald.Server.CreateHandler();
        var services = new ServiceCollection();
        services.AddHeraldClient(o =>
        {
            o.BaseAddress = new Uri("http://herald.test/");
            o.ApiKey = HeraldHost.RootKey;
        }).ConfigurePrimaryHttpMessageHandler(() => handler);
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<HeraldClient>();
        var app = await client.CreateAppAsync(new CreateAppRequest { Id = NewAppId(), Name = "From DI" });
        Assert.Contains(await provider.GetRequiredService<HeraldClient>().ListAppsAsync(), a => a.Id == app.Id);
    }

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    /// <summary>Records the path of every request the client sends.</summary>
    private sealed class RequestCounter : DelegatingHandler
    {
        public List<string> Paths { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Paths) Paths.Add(request.RequestUri!.AbsolutePath);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
