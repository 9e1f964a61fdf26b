using System.Text.Json;
using Herald.Push.Credentials;
using Herald.Push.Providers.Fcm;
using Herald.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Herald.Tests.Push.Providers.Fcm;

/// <summary>The parts of the FCM sender that need no Herald: the message shape and the token cache.</summary>
public sealed class FcmUnitTests
{
    private static DeviceRecord Device(string platform) => new("app", "u2", "d1", platform, "fcm", "tok:APA91b", null, "production", 0, 0);

    [Fact]
    public void In_translation_key_mode_the_keys_go_to_android_and_apns_and_there_is_no_notification_block()
    {
        var payload = """
            {"title":"Hiking group","body":"Andrew: Hi","titleLocKey":"GROUP_TITLE","titleLocArgs":["Hiking group"],
             "bodyLocKey":"NEW_MESSAGE","bodyLocArgs":["Andrew","Hi"],"pushType":"alert","priority":5,"ttlSeconds":86400,
             "collapseId":"group_hiking","threadId":"group_hiking","badge":3,"details":{"sender":"u1","flag":true,"n":2,"none":null,"o":{"a":[1]}}}
            """;
        var now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        using var doc = JsonDocument.Parse(FcmMessage.Build(Device("ios"), payload, now));
        var m = doc.RootElement.GetProperty("message");

        Assert.False(m.TryGetProperty("notification", out _));
        var an = m.GetProperty("android").GetProperty("notification");
        Assert.Equal("GROUP_TITLE", an.GetProperty("title_loc_key").GetString());
        Assert.Equal(["Andrew", "Hi"], an.GetProperty("body_loc_args").EnumerateArray().Select(a => a.GetString()!).ToArray());
        var aps = m.GetProperty("apns").GetProperty("payload").GetProperty("aps");
        Assert.Equal("NEW_MESSAGE", aps.GetProperty("alert").GetProperty("loc-key").GetString());
        Assert.Equal("GROUP_TITLE", aps.GetProperty("alert").GetProperty("title-loc-key").GetString());
        Assert.Equal(3, aps.GetProperty("badge").GetInt32());
        Assert.Equal("1700086400", m.GetProperty("apns").GetProperty("headers").GetProperty("apns-expiration").GetString());

        var data = m.GetProperty("data");
        Assert.Equal("true", data.GetProperty("flag").GetString());
        Assert.Equal("2", data.GetProperty("n").GetString());
        Assert.Equal("""{"a":[1]}""", data.GetProperty("o").GetString());
        Assert.False(data.TryGetProperty("none", out _));
    }

    [Fact]
    public async Task One_token_request_serves_concurrent_senders_until_five_minutes_before_expiry()
    {
        await using var mock = await FcmMock.StartAsync(TestCredentials.ServiceAccountKeyPem);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        mock.Now = time.GetUtcNow;
        var tokens = new FcmAccessTokens(new LoopbackClients(), Options.Create(new FcmOptions()), time, NullLogger<FcmAccessTokens>.Instance);
        var credential = new CredentialRecord("c1", "app", "firebase", "android", "fcm", "production", true,
            new CredentialDetails(ProjectId: mock.ProjectId, TokenUri: mock.TokenUrl), [], null, 0, 0);
        var material = new CredentialMaterial(ServiceAccountJson: mock.ServiceAccountJson());

        var first = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => tokens.GetAsync(credential, material, CancellationToken.None)));
        Assert.Single(first.Select(t => t.Value).Distinct());
        Assert.Equal(1, mock.TokenRequests);

        time.Advance(TimeSpan.FromMinutes(54));
        Assert.Equal(first[0], await tokens.GetAsync(credential, material, CancellationToken.None));
        Assert.Equal(1, mock.TokenRequests);

        time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1)); // inside the last 5 minutes
        var second = await tokens.GetAsync(credential, material, CancellationToken.None);
        Assert.NotEqual(first[0].Value, second.Value);
        Assert.Equal(2, mock.TokenRequests);

        tokens.Invalidate(credential, first[0]); // a stale report does not drop the newer token
        Assert.Equal(second, await tokens.GetAsync(credential, material, CancellationToken.None));
        tokens.Invalidate(credential, second);
        Assert.NotEqual(second.Value, (await tokens.GetAsync(credential, material, CancellationToken.None)).Value);
        Assert.Equal(3, mock.TokenRequests);
        Assert.Empty(mock.Problems);
    }

    private sealed class LoopbackClients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new();
    }
}
