using System.Net.Http.Json;
using System.Text.Json;
using Herald.Tests.Support;
using Herald.Webhooks;

namespace Herald.Tests.Push.Providers.Custom;

public sealed class CustomSigningFixture() : ClockedHerald("sign", new Dictionary<string, string?> { ["Herald:Webhooks:SecretRotationGrace"] = "24h" });

/// <summary>
/// The custom provider's POSTs are signed as Standard Webhooks with the credential's own secret: shown once when the
/// credential is created and when it is rotated, never in a GET, verified by src/Herald.Webhooks; after a rotation
/// both secrets verify until the grace period ends (on the fixture's clock), then only the new one.
/// </summary>
public sealed class CustomProviderSigningTests(CustomSigningFixture fixture) : IClassFixture<CustomSigningFixture>
{
    private WebhookVerifier Verifier(string secret) => new(secret, timeProvider: fixture.Clock);

    private static async Task<Received> PushAsync(HttpClient admin, string app, Receiver gateway, string id)
    {
        var before = gateway.Requests.Count;
        await admin.PostEventAsync(app, PushTestKit.GroupMessage(id: id, sender: "u1", recipients: new[] { "u2" }));
        await ApiExtensions.Eventually(() => Task.FromResult(gateway.Requests.Count > before), TimeSpan.FromSeconds(10), $"the push for {id} arrives");
        return gateway.Requests.Last();
    }

    private static async Task AssertNotShownAsync(HttpClient admin, string app, string credentialId, params string[] secrets)
    {
        foreach (var path in new[] { $"/v1/apps/{app}/push/credentials", $"/v1/apps/{app}/push/credentials/{credentialId}" })
        {
            var body = await admin.GetStringAsync(path);
            Assert.DoesNotContain("signingSecret", body);
            Assert.All(secrets, s => Assert.DoesNotContain(s[WebhookSecrets.Prefix.Length..], body));
        }
    }

    [Fact]
    public async Task Pushes_are_signed_with_the_secret_shown_once_and_a_rotation_signs_with_both_until_the_grace_ends()
    {
        await using var gateway = await Receiver.StartAsync();
        var (app, admin) = await fixture.NewAppAsync();
        var created = await admin.PostAsJsonAsync($"/v1/apps/{app}/push/credentials",
            new { name = "gateway", provider = "custom", url = gateway.Url, username = PushTestKit.User, password = PushTestKit.Password, active = true });
        var view = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(201, (int)created.StatusCode);
        var id = view.GetProperty("id").GetString()!;
        var first = view.GetProperty("signingSecret").GetString()!;
        Assert.NotNull(WebhookSecrets.Decode(first));
        await AssertNotShownAsync(admin, app, id, first);

        var signed = await PushAsync(admin, app, gateway, "sig-1");
        Assert.Equal(PushTestKit.ExpectedBasicAuth, signed.Authorization); // Basic Auth stays; the signature is beside it
        Verifier(first).Verify(signed.Body, signed.WebhookId, signed.Timestamp, signed.Signature);
        Assert.StartsWith("msg", signed.WebhookId); // the delivery id, as herald-delivery-id: stable across retries

        var rotate = await admin.PostAsync($"/v1/apps/{app}/push/credentials/{id}/signing-secret/rotate", null);
        var rotated = await rotate.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(200, (int)rotate.StatusCode);
        var second = rotated.GetProperty("secret").GetString()!;
        Assert.NotEqual(first, second);
        Assert.Equal(1, rotated.GetProperty("previousSecretsStillSigning").GetInt32());
        await AssertNotShownAsync(admin, app, id, first, second);

        var during = await PushAsync(admin, app, gateway, "sig-2");
        Assert.Equal(2, during.Signature!.Split(' ').Length);
        Verifier(first).Verify(during.Body, during.WebhookId, during.Timestamp, during.Signature); // a gateway not yet switched
        Verifier(second).Verify(during.Body, during.WebhookId, during.Timestamp, during.Signature); // and one already switched

        fixture.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        var after = await PushAsync(admin, app, gateway, "sig-3");
        Assert.Single(after.Signature!.Split(' '));
        Verifier(second).Verify(after.Body, after.WebhookId, after.Timestamp, after.Signature);
        Assert.Throws<WebhookVerificationException>(() => Verifier(first).Verify(after.Body, after.WebhookId, after.Timestamp, after.Signature));
    }

    [Fact]
    public async Task Rotating_names_what_is_wrong()
    {
        var (app, admin) = await fixture.NewAppAsync();
        Assert.Equal(404, (int)(await admin.PostAsync($"/v1/apps/{app}/push/credentials/cred_nope/signing-secret/rotate", null)).StatusCode);
        await using var gateway = await Receiver.StartAsync();
        var id = await admin.AddCustomProviderAsync(app, gateway);
        var bad = await admin.PostAsJsonAsync($"/v1/apps/{app}/push/credentials/{id}/signing-secret/rotate", new { secret = "not-a-secret" });
        Assert.Equal(400, (int)bad.StatusCode);
        Assert.Contains("whsec_", await bad.Content.ReadAsStringAsync());
        var given = WebhookSecrets.Generate();
        var ok = await admin.PostAsJsonAsync($"/v1/apps/{app}/push/credentials/{id}/signing-secret/rotate", new { secret = given });
        Assert.Equal(given, (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString());
    }
}
