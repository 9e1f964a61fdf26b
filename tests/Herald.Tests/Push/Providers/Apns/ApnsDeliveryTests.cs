using System.Net.Http.Json;
using System.Text.Json;
using Herald.Testing;
using Herald.Tests.Support;

namespace Herald.Tests.Push.Providers.Apns;

/// <summary>APNs end to end: credential upload → device registration → event → the HTTP/2 mock, which checks what Apple checks.</summary>
public sealed class ApnsDeliveryTests
{
    [Fact]
    public async Task Token_auth_over_h2c_sends_every_header_and_a_verified_token_reused_across_pushes()
    {
        await using var mock = await ApnsMock.StartH2cAsync();
        mock.TokenKey = ApnsTestKit.PublicKey();
        using var herald = ApnsTestKit.Herald(mock);
        var (app, admin) = await herald.CreateAppAsync();
        await admin.AddTokenCredentialAsync(app);
        var token = ApnsTestKit.DeviceToken("u2-iphone");
        await admin.RegisterIphoneAsync(app, "u2", "iphone", token);

        var before = DateTimeOffset.UtcNow;
        await admin.PostEventAsync(app, ApnsTestKit.DirectMessage("u2"));
        var r = (await ApnsTestKit.ExpectRequestsAsync(mock, 1)).Single();

        Assert.Empty(r.Problems);
        Assert.Equal("HTTP/2", r.Protocol);
        Assert.Equal($"/3/device/{token}", r.Path);
        Assert.Equal(TestCredentials.BundleId, r.Header("apns-topic"));
        Assert.Equal("alert", r.Header("apns-push-type"));
        Assert.Equal("10", r.Header("apns-priority"));
        Assert.Equal("u1_user_u2", r.Header("apns-collapse-id"));
        var expiration = long.Parse(r.Header("apns-expiration")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiration, before.AddDays(1).ToUnixTimeSeconds() - 5, DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds() + 5);
        Assert.Equal(ApnsTestKit.TeamId, r.JwtClaims!.Value.GetProperty("iss").GetString());

        // apns-id is Herald's delivery id, so Apple's records and the delivery log name the same push.
        var detail = await admin.SettledPushAsync(app, "u2");
        var deliveryId = detail.GetProperty("delivery").GetProperty("id").GetString()!;
        Assert.Equal(Guid.Parse(deliveryId["msg_".Length..]).ToString("D"), r.Header("apns-id"));
        Assert.Equal("succeeded", detail.GetProperty("delivery").GetProperty("status").GetString());
        var attempt = Assert.Single(detail.GetProperty("attempts").EnumerateArray());
        Assert.Equal(200, attempt.GetProperty("statusCode").GetInt32());
        Assert.Contains($"apns-id: {r.Header("apns-id")}", attempt.GetProperty("response").GetString());

        for (var i = 0; i < 5; i++) await admin.PostEventAsync(app, ApnsTestKit.DirectMessage("u2", $"again {i}"));
        var all = await ApnsTestKit.ExpectRequestsAsync(mock, 6);
        Assert.All(all, x => Assert.Empty(x.Problems));
        Assert.Single(all.Select(x => x.Jwt).Distinct()); // one signed token for all six pushes
        Assert.Equal(6, all.Select(x => x.Header("apns-id")).Distinct().Count());
    }

    [Fact]
    public async Task The_payload_has_the_alert_thread_badge_and_the_details_beside_aps()
    {
        await using var mock = await ApnsMock.StartH2cAsync();
        mock.TokenKey = ApnsTestKit.PublicKey();
        using var herald = ApnsTestKit.Herald(mock);
        var (app, admin) = await herald.CreateAppAsync();
        await admin.PutOkAsync($"/v1/apps/{app}/push/settings", new { includeBadgeCount = true });
        await admin.AddTokenCredentialAsync(app);
        await admin.RegisterIphoneAsync(app, "cometchat-uid-2", "iphone", ApnsTestKit.DeviceToken("payload"));
        await admin.PutOkAsync($"/v1/apps/{app}/channels/hiking/members", new { members = new[] { "cometchat-uid-1", "cometchat-uid-2" } });

        await admin.PostEventAsync(app, PushTestKit.GroupMessage());
        var r = (await ApnsTestKit.ExpectRequestsAsync(mock, 1)).Single();

        Assert.Empty(r.Problems);
        var aps = r.Aps;
        Assert.Equal("Hiking group", aps.GetProperty("alert").GetProperty("title").GetString());
        Assert.Equal("Andrew Joseph: Hello!", aps.GetProperty("alert").GetProperty("body").GetString());
        Assert.Equal("group_hiking", aps.GetProperty("thread-id").GetString());
        Assert.Equal("default", aps.GetProperty("sound").GetString());
        Assert.Equal(1, aps.GetProperty("badge").GetInt32());
        Assert.Equal(1, aps.GetProperty("mutable-content").GetInt32());
        var root = r.Json;
        Assert.Equal("cometchat-uid-1", root.GetProperty("sender").GetString());
        Assert.Equal("Andrew Joseph", root.GetProperty("senderName").GetString());
        Assert.Equal("group_hiking", root.GetProperty("conversationId").GetString());
        Assert.Equal("group", root.GetProperty("receiverType").GetString());
        Assert.Equal("chat", root.GetProperty("type").GetString());
        Assert.Equal("123", root.GetProperty("tag").GetString());
        Assert.False(root.TryGetProperty("title", out _)); // the text is in aps.alert only: the 4 KB are precious
        Assert.Equal("group_hiking", r.Header("apns-collapse-id"));
    }

    [Fact]
    public async Task A_template_with_localization_keys_sends_loc_key_and_loc_args()
    {
        await using var mock = await ApnsMock.StartH2cAsync();
        mock.TokenKey = ApnsTestKit.PublicKey();
        using var herald = ApnsTestKit.Herald(mock);
        var (app, admin) = await herald.CreateAppAsync();
        await admin.AddTokenCredentialAsync(app);
        await admin.RegisterIphoneAsync(app, "cometchat-uid-2", "iphone", ApnsTestKit.DeviceToken("loc"));
        await admin.PutOkAsync($"/v1/apps/{app}/channels/hiking/members", new { members = new[] { "cometchat-uid-2" } });
        await admin.PutOkAsync($"/v1/apps/{app}/push/events/message.created", new
        {
            conversationType = "group",
            template = new { title = "{{conversationName}}", body = "{{text}}", bodyLocKey = "NEW_MESSAGE", bodyLocArgs = new[] { "{{senderName}}", "{{text}}" } },
        });

        await admin.PostEventAsync(app, PushTestKit.GroupMessage());
        var r = (await ApnsTestKit.ExpectRequestsAsync(mock, 1)).Single();

        Assert.Empty(r.Problems);
        var alert = r.Aps.GetProperty("alert");
        Assert.Equal("Hiking group", alert.GetProperty("title").GetString());
        Assert.Equal("NEW_MESSAGE", alert.GetProperty("loc-key").GetString());
        Assert.Equal(["Andrew Joseph", "Hello!"], alert.GetProperty("loc-args").EnumerateArray().Select(a => a.GetString()!).ToArray());
        Assert.False(alert.TryGetProperty("body", out _)); // the app's Localizable.strings says it
    }

    [Fact]
    public async Task An_incoming_call_is_a_voip_push_to_the_voip_topic_that_expires_at_once()
    {
        await using var mock = await ApnsMock.StartH2cAsync();
        mock.TokenKey = ApnsTestKit.PublicKey();
        using var herald = ApnsTestKit.Herald(mock);
        var (app, admin) = await herald.CreateAppAsync();
        await admin.AddTokenCredentialAsync(app);
        await admin.RegisterIphoneAsync(app, "cometchat-uid-2", "iphone", ApnsTestKit.DeviceToken("call"));

        await admin.PostEventAsync(app, new
        {
            type = "call.initiated", occurredAt = "2025-03-13T06:30:53Z", sender = new { uid = "cometchat-uid-1", name = "Andrew Joseph" },
            conversation = new { type = "user", name = "George Alan" }, recipients = new[] { "cometchat-uid-2" },
            data = new { callType = "video", sessionId = "v1.123.aik2", messageId = "124" },
        });
        var r = (await ApnsTestKit.ExpectRequestsAsync(mock, 1)).Single();

        Assert.Empty(r.Problems);
        Assert.Equal("voip", r.Header("apns-push-type"));
        Assert.Equal(TestCredentials.BundleId + ".voip", r.Header("apns-topic"));
        Assert.Equal("0", r.Header("apns-expiration"));
        Assert.Equal("10", r.Header("apns-priority"));
        Assert.Equal("Andrew Joseph", r.Aps.GetProperty("alert").GetProperty("title").GetString());
        Assert.Equal("initiated", r.Json.GetProperty("callAction").GetString());
        Assert.Equal("v1.123.aik2", r.Json.GetProperty("sessionId").GetString());
        Assert.Equal("video", r.Json.GetProperty("callType").GetString());
        Assert.Equal("call", r.Json.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Certificate_auth_over_tls_presents_the_uploaded_p12_to_a_server_trusted_through_TrustedCaFile()
    {
        using var ca = new TestCa();
        await using var mock = await ApnsMock.StartTlsAsync(ca.Server);
        using var herald = ApnsTestKit.Herald(mock, trustedCaFile: ca.PemFile);
        var (app, admin) = await herald.CreateAppAsync();
        mock.ClientThumbprint = await admin.AddCertificateCredentialAsync(app, "sandbox");
        await admin.RegisterIphoneAsync(app, "u2", "iphone", ApnsTestKit.DeviceToken("cert"), "sandbox");

        await admin.PostEventAsync(app, ApnsTestKit.DirectMessage("u2"));
        var r = (await ApnsTestKit.ExpectRequestsAsync(mock, 1)).Single();

        Assert.Empty(r.Problems);
        Assert.Equal("HTTP/2", r.Protocol);
        // Only a TLS handshake carries a client certificate: this is the uploaded p12, presented by Herald.
        Assert.Equal(mock.ClientThumbprint, r.ClientThumbprint, ignoreCase: true);
        Assert.Null(r.Header("authorization")); // certificate auth sends no provider token
        Assert.Equal("succeeded", (await admin.SettledPushAsync(app, "u2")).GetProperty("delivery").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_server_certificate_from_an_untrusted_ca_is_refused_and_the_error_names_TrustedCaFile()
    {
        using var ca = new TestCa();
        await using var mock = await ApnsMock.StartTlsAsync(ca.Server);
        using var herald = ApnsTestKit.Herald(mock); // no TrustedCaFile
        var (app, admin) = await herald.CreateAppAsync();
        mock.ClientThumbprint = await admin.AddCertificateCredentialAsync(app, "sandbox");
        await admin.RegisterIphoneAsync(app, "u2", "iphone", ApnsTestKit.DeviceToken("untrusted"), "sandbox");

        await admin.PostEventAsync(app, ApnsTestKit.DirectMessage("u2"));
        JsonElement item = default;
        await ApiExtensions.Eventually(async () =>
        {
            var items = (await admin.GetJsonAsync($"/v1/apps/{app}/deliveries?kind=push&uid=u2")).GetProperty("items");
            item = items.GetArrayLength() > 0 ? items[0] : default;
            return item.ValueKind == JsonValueKind.Object && item.GetProperty("attempts").GetInt32() >= 1;
        }, TimeSpan.FromSeconds(15), "the first attempt is made");

        Assert.Equal("pending", item.GetProperty("status").GetString()); // a network failure is retried later
        Assert.Contains("TrustedCaFile", item.GetProperty("lastError").GetString());
        Assert.Empty(mock.Requests);
    }

    [Fact]
    public async Task The_credential_environment_picks_the_sandbox_or_the_production_host()
    {
        await using var production = await ApnsMock.StartH2cAsync();
        await using var sandbox = await ApnsMock.StartH2cAsync();
        production.TokenKey = sandbox.TokenKey = ApnsTestKit.PublicKey();
        using var herald = new HeraldHost(new Dictionary<string, string?>
        {
            ["Herald:Push:Apns:ProductionUrl"] = production.Url, ["Herald:Push:Apns:SandboxUrl"] = sandbox.Url,
        });
        foreach (var (environment, mock) in new[] { ("production", production), ("sandbox", sandbox) })
        {
            var (app, admin) = await herald.CreateAppAsync();
            await admin.AddTokenCredentialAsync(app, environment);
            await admin.RegisterIphoneAsync(app, "u2", "iphone", ApnsTestKit.DeviceToken(environment), environment);
            await admin.PostEventAsync(app, ApnsTestKit.DirectMessage("u2"));
            await ApnsTestKit.ExpectRequestsAsync(mock, 1, ApnsTestKit.DeviceToken(environment));
        }
        await Task.Delay(300);
        Assert.Single(production.Requests);
        Assert.Single(sandbox.Requests);
    }
}
