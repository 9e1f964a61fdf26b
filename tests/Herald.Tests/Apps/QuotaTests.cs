using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Herald.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Herald.Tests.Apps;

/// <summary>
/// One Herald with small quotas and a clock the tests move (grace periods and the replay range are read
/// from it, never from the wall clock). Quotas are per app, so each test makes its own.
/// </summary>
public sealed class QuotaFixture() : ClockedHerald("q", new Dictionary<string, string?>
{
    ["Herald:Quotas:MaxEndpointsPerApp"] = "2",
    ["Herald:Quotas:MaxKeysPerApp"] = "2",
    ["Herald:Quotas:MaxCredentialsPerApp"] = "1",
    ["Herald:Quotas:MaxSecretsPerEndpoint"] = "2",
    ["Herald:Quotas:MaxReplayRange"] = "1h",
    ["Herald:Webhooks:SecretRotationGrace"] = "24h",
});

/// <summary>Each quota answers 422 problem+json naming the field, the setting and the fix, stores nothing, and a freed slot can be used again.</summary>
public sealed class QuotaTests(QuotaFixture fx) : IClassFixture<QuotaFixture>
{
    private const string Url = "http://127.0.0.1:9/hook"; // never called: these tests only create and delete

    private static async Task<JsonElement> Created(HttpResponseMessage r)
    {
        var json = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(r.IsSuccessStatusCode, $"{(int)r.StatusCode} {json}");
        return json;
    }

    private static async Task AssertOverQuota(HttpResponseMessage r, string field, string setting)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == HttpStatusCode.UnprocessableEntity, $"{(int)r.StatusCode} {body}");
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(setting, problem.GetProperty("quota").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.StartsWith(field + ":", detail, StringComparison.Ordinal);
        Assert.Contains("raise " + setting, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Endpoints_per_app()
    {
        var (app, admin) = await fx.NewAppAsync();
        using var _ = admin;
        var first = (await Created(await admin.PostAsJsonAsync($"/v1/apps/{app}/endpoints", new { url = Url }))).GetProperty("endpoint").GetProperty("id").GetString();
        await Created(await admin.PostAsJsonAsync($"/v1/apps/{app}/endpoints", new { url = Url }));

        await AssertOverQuota(await admin.PostAsJsonAsync($"/v1/apps/{app}/endpoints", new { url = Url }), "endpoints", "Herald:Quotas:MaxEndpointsPerApp");
        Assert.Equal(2, (await admin.GetFromJsonAsync<JsonElement>($"/v1/apps/{app}/endpoints")).GetArrayLength());

        (await admin.DeleteAsync($"/v1/apps/{app}/endpoints/{first}")).EnsureSuccessStatusCode();
        await Created(await admin.PostAsJsonAsync($"/v1/apps/{app}/endpoints", new { url = Url }));
    }

    [Fact]
    public async Task Keys_per_app_count_only_unrevoked_keys()
    {
        var (app, admin) = await fx.NewAppAsync(); // its admin key is the first
        using var _ = admin;
        var second = (await Created(await admin.PostAsJsonAsync($"/v1/apps/{app}/keys", new { name = "ingest", scope = "ingest" }))).GetProperty("id").GetString();

        await AssertOverQuota(await admin.PostAsJsonAsync($"/v1/apps/{app}/keys", new { name = "more", scope = "ingest" }), "keys", "Herald:Quotas:MaxKeysPerApp");
        Assert.Equal(2, (await admin.GetFromJsonAsync<JsonElement>($"/v1/apps/{app}/keys")).GetArrayLength());

        (await admin.DeleteAsync($"/v1/apps/{app}/keys/{second}")).EnsureSuccessStatusCode();
        await Created(await admin.PostAsJsonAsync($"/v1/apps/{app}/keys", new { name = "more", scope = "ingest" }));
    }

    [Fact]
    public async Task Push_credentials_per_app()
    {
        var (app, admin) = await fx.NewAppAsync();
        using var _ = admin;
        object Credential(string name) => new { name, provider = "custom", url = "https://push.example.com/herald" };
        var first = (await Created(await admin.PostAsJsonAsync($"/v1/apps/{app}/push/credentials", Credential("one")))).GetProperty("id").GetString();

        await AssertOverQuota(await admin.PostAsJsonAsync($"/v1/apps/{app}/push/credentials", Credential("two")), "credentials", "Herald:Quotas:MaxCredentialsPerApp");
        Assert.Equal(1, (await admin.GetFromJsonAsync<JsonElement>($"/v1/apps/{app}/push/credentials")).GetArrayLength());

        (await admin.DeleteAsync($"/v1/apps/{app}/push/credentials/{first}")).EnsureSuccessStatusCode();
        await Created(await admin.PostAsJsonAsync($"/v1/apps/{app}/push/credentials", Credential("two")));
    }

    [Fact]
    public async Task Secrets_signing_at_once_per_endpoint_free_up_when_the_grace_period_ends()
    {
        var (app, admin) = await fx.NewAppAsync();
        using var _ = admin;
        var ep = (await Created(await admin.PostAsJsonAsync($"/v1/apps/{app}/endpoints", new { url = Url }))).GetProperty("endpoint").GetProperty("id").GetString();
        var rotate = $"/v1/apps/{app}/endpoints/{ep}/secret/rotate";
        var kept = (await Created(await admin.PostAsync(rotate, null))).GetProperty("secret").GetString();

        await AssertOverQuota(await admin.PostAsync(rotate, null), "secret", "Herald:Quotas:MaxSecretsPerEndpoint");
        // Nothing was rotated: the secret shown is still the one the accepted rotation made.
        Assert.Equal(kept, (await admin.GetFromJsonAsync<JsonElement>($"/v1/apps/{app}/endpoints/{ep}/secret")).GetProperty("secret").GetString());

        fx.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        await Created(await admin.PostAsync(rotate, null));
    }

    [Fact]
    public async Task Replay_range()
    {
        var (app, admin) = await fx.NewAppAsync();
        using var _ = admin;
        var ep = (await Created(await admin.PostAsJsonAsync($"/v1/apps/{app}/endpoints", new { url = Url }))).GetProperty("endpoint").GetProperty("id").GetString();
        var now = fx.Clock.GetUtcNow();

        await AssertOverQuota(await admin.PostAsJsonAsync($"/v1/apps/{app}/endpoints/{ep}/replay", new { since = now.AddHours(-1).AddSeconds(-1) }),
            "since", "Herald:Quotas:MaxReplayRange");
        var r = await admin.PostAsJsonAsync($"/v1/apps/{app}/endpoints/{ep}/replay", new { since = now.AddHours(-1) });
        Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
    }

    [Theory]
    [InlineData("Herald:Quotas:MaxSecretsPerEndpoint", "1")]
    [InlineData("Herald:Quotas:MaxEndpointsPerApp", "0")]
    [InlineData("Herald:Quotas:MaxReplayRange", "a week")]
    public void A_bad_quota_setting_stops_the_start_with_its_name(string key, string value)
    {
        using var herald = new HeraldHost(new Dictionary<string, string?> { [key] = value });
        var error = Xunit.Record.Exception(() => herald.CreateClient());
        Assert.NotNull(error);
        Assert.Contains(key, error.ToString(), StringComparison.Ordinal);
    }
}
