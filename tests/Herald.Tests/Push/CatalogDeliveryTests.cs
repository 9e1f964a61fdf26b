using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Herald.Tests.Push.Providers.Apns;
using Herald.Tests.Push.Providers.Baidu;
using Herald.Tests.Push.Providers.Fcm;
using Herald.Tests.Support;

namespace Herald.Tests.Push;

/// <summary>
/// One Herald for the whole theory, with every provider pointed at its loopback mock (the custom
/// gateway, APNs over h2c, FCM, Baidu) and u1, u2, u3 each owning a device of each kind, so a push
/// that reaches a device is seen where it lands.
/// </summary>
public sealed class CatalogDeliveryFixture : IAsyncLifetime
{
    public static readonly string[] Users = ["u1", "u2", "u3"];
    public Receiver Gateway { get; private set; } = null!;
    public ApnsMock Apns { get; private set; } = null!;
    public FcmMock Fcm { get; private set; } = null!;
    public BaiduMock Baidu { get; private set; } = null!;
    public HeraldHost Herald { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;
    public string App { get; private set; } = "";

    public static string ApnsToken(string uid) => ApnsTestKit.DeviceToken($"{uid}-iphone");
    public static string FcmToken(string uid) => $"fcm-{uid}";
    public static string BaiduChannel(string uid) => $"baidu-{uid}";

    public async Task InitializeAsync()
    {
        Gateway = await Receiver.StartAsync();
        Apns = await ApnsMock.StartH2cAsync();
        Apns.TokenKey = ApnsTestKit.PublicKey();
        Fcm = await FcmMock.StartAsync(TestCredentials.ServiceAccountKeyPem);
        Baidu = await BaiduMock.StartAsync();
        Herald = new HeraldHost(new Dictionary<string, string?>
        {
            ["Herald:Push:Apns:ProductionUrl"] = Apns.Url, ["Herald:Push:Apns:SandboxUrl"] = Apns.Url,
            ["Herald:Push:Fcm:BaseUrl"] = Fcm.BaseUrl, ["Herald:Push:Baidu:BaseUrl"] = Baidu.BaseUrl,
        });
        (App, var admin) = await Herald.CreateAppAsync();
        Admin = admin;
        // No throttle: 34 events to the same users in a few seconds must each arrive as themselves, not as a summary.
        await Admin.PutOkAsync($"/v1/apps/{App}/push/settings", new { throttle = new { maxPerWindow = 0, windowSeconds = 60 } });
        await Admin.AddCustomProviderAsync(App, Gateway);
        await Admin.AddTokenCredentialAsync(App);
        await Admin.AddFcmCredentialAsync(App, Fcm);
        var baidu = await Admin.PostAsJsonAsync($"/v1/apps/{App}/push/credentials",
            new { name = "baidu", platform = "android", provider = "baidu", apiKey = TestCredentials.BaiduApiKey, secretKey = TestCredentials.BaiduSecretKey, active = true });
        Assert.True(baidu.IsSuccessStatusCode, await baidu.Content.ReadAsStringAsync());
        foreach (var uid in Users) // a device id is the app's, not the user's: each user's own
        {
            await Admin.RegisterIphoneAsync(App, uid, $"{uid}-iphone", ApnsToken(uid));
            await Admin.AddDeviceAsync(App, uid, $"{uid}-pixel", FcmToken(uid));
            await Admin.PutOkAsync($"/v1/apps/{App}/users/{uid}/devices/{uid}-huawei", new { platform = "android", provider = "baidu", token = BaiduChannel(uid) });
        }
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        Herald.Dispose();
        await Baidu.DisposeAsync();
        await Fcm.DisposeAsync();
        await Apns.DisposeAsync();
        await Gateway.DisposeAsync();
    }
}

/// <summary>
/// Every pushable catalog type reaches a device: through ingest, fan-out and each provider's sender
/// to its mock, the recipients but never the sender get exactly the type's custom template; with the
/// type's Allow toggle off, ingest queues no fan-out, so nothing can be sent.
/// </summary>
public sealed class CatalogDeliveryTests(CatalogDeliveryFixture fx) : IClassFixture<CatalogDeliveryFixture>
{
    [Theory]
    [MemberData(nameof(CatalogCases.Theory), MemberType = typeof(CatalogCases))]
    public async Task The_type_reaches_each_recipients_devices_with_its_custom_template_and_nothing_when_its_toggle_is_off(string name)
    {
        var type = CatalogCases.TypeOf(name);
        var variant = name == type ? null : name[(type.Length + 1)..];
        var settingUrl = $"/v1/apps/{fx.App}/push/events/{type}";
        // The title is this case's alone, so what a mock got for another case can never be counted here.
        var title = $"[{name}] {{{{senderName}}}}";
        var expectedTitle = $"[{name}] Andrew Joseph";
        var expectedBody = $"Custom template of {name}";
        await fx.Admin.PutOkAsync(settingUrl, new { conversationType = variant, allowed = true, template = new { title, body = expectedBody } });

        var evt = CatalogCases.Event(name);
        evt["id"] = $"on-{name}";
        var eventId = await fx.Admin.PostEventAsync(fx.App, evt);
        var recipients = CatalogCases.ExpectedRecipients(name);
        Assert.NotEmpty(recipients);
        Assert.DoesNotContain(CatalogCases.Sender, recipients);

        string[] Custom() => [.. fx.Gateway.Requests.Where(r => Text(PushTestKit.Details(r), "title") == expectedTitle).Select(PushTestKit.To).Order(StringComparer.Ordinal)];
        string[] Apns() => [.. fx.Apns.Requests.Where(r => Text(r.Aps.GetProperty("alert"), "title") == expectedTitle).Select(r => UidOf(r.Token, CatalogDeliveryFixture.ApnsToken)).Order(StringComparer.Ordinal)];
        string[] Fcm() => [.. fx.Fcm.Sent.Where(s => Text(s.Message.GetProperty("notification"), "title") == expectedTitle).Select(s => UidOf(s.Token, CatalogDeliveryFixture.FcmToken)).Order(StringComparer.Ordinal)];
        string[] Baidu() => [.. fx.Baidu.Pushes.Where(p => Text(p.Msg, "title") == expectedTitle).Select(p => UidOf(p.ChannelId, CatalogDeliveryFixture.BaiduChannel)).Order(StringComparer.Ordinal)];

        // Eventually only gives up; the counts that follow are the assertions.
        await WithFanOutReportAsync(type, eventId, () => ApiExtensions.Eventually(() => Task.FromResult(
                Custom().Length >= recipients.Length && Apns().Length >= recipients.Length && Fcm().Length >= recipients.Length && Baidu().Length >= recipients.Length),
            TimeSpan.FromSeconds(20),
            $"{name} reaches {string.Join(", ", recipients)} through every provider (custom {Custom().Length}, apns {Apns().Length}, fcm {Fcm().Length}, baidu {Baidu().Length})"));
        Assert.Equal(recipients, Custom());
        Assert.Equal(recipients, Apns());
        Assert.Equal(recipients, Fcm());
        Assert.Equal(recipients, Baidu());
        // One fan-out for the event, and its push jobs are exactly one per recipient × provider: no sender job still waiting.
        Assert.Single(await FanOutsAsync(type, eventId));
        var jobs = await PushJobsAsync(type, eventId);
        Assert.Equal(recipients.Length * 4, jobs.Length);
        Assert.DoesNotContain(jobs, j => j.GetProperty("uid").GetString() == CatalogCases.Sender);

        var details = PushTestKit.Details(fx.Gateway.Requests.First(r => Text(PushTestKit.Details(r), "title") == expectedTitle));
        Assert.Equal(expectedBody, Text(details, "body"));
        Assert.Equal(expectedBody, Text(fx.Baidu.Pushes.First(p => Text(p.Msg, "title") == expectedTitle).Msg, "description"));
        Assert.Empty(fx.Apns.Requests.SelectMany(r => r.Problems));
        Assert.Empty(fx.Fcm.Problems);
        Assert.Empty(fx.Baidu.Problems);

        // Allow off: ingest decides in the event's own transaction, so the 202 already says no fan-out was queued.
        await fx.Admin.PutOkAsync(settingUrl, new { conversationType = variant, allowed = false });
        var off = CatalogCases.Event(name);
        off["id"] = $"off-{name}";
        var offId = await fx.Admin.PostEventAsync(fx.App, off);
        Assert.Empty(await FanOutsAsync(type, offId));
        Assert.Empty(await PushJobsAsync(type, offId));
    }

    /// <summary>A push that never arrives fails with what the fan-out and the push jobs recorded, the place to look first.</summary>
    private async Task WithFanOutReportAsync(string type, string eventId, Func<Task> wait)
    {
        try
        {
            await wait();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            var records = new List<string>();
            foreach (var d in (await FanOutsAsync(type, eventId)).Concat(await PushJobsAsync(type, eventId)))
                records.Add((await fx.Admin.GetJsonAsync($"/v1/apps/{fx.App}/deliveries/{d.GetProperty("id").GetString()}")).ToString());
            Assert.Fail($"{e.Message}\nits deliveries:\n{(records.Count == 0 ? "(none: ingest queued no fan-out)" : string.Join("\n", records))}");
        }
    }

    private async Task<JsonElement[]> FanOutsAsync(string type, string eventId) => await DeliveriesAsync("fanout", type, eventId);
    private async Task<JsonElement[]> PushJobsAsync(string type, string eventId) => await DeliveriesAsync("push", type, eventId);

    private async Task<JsonElement[]> DeliveriesAsync(string kind, string type, string eventId) =>
        [.. (await fx.Admin.GetJsonAsync($"/v1/apps/{fx.App}/deliveries?kind={kind}&type={type}&limit=200")).GetProperty("items").EnumerateArray()
            .Where(d => d.GetProperty("eventId").GetString() == eventId)];

    private static string UidOf(string token, Func<string, string> tokenOf) =>
        CatalogDeliveryFixture.Users.SingleOrDefault(u => tokenOf(u) == token) ?? $"unknown token {token}";

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
