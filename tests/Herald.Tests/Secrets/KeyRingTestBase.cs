using Herald.Tests.Push;
using Herald.Tests.Support;
using Herald.Webhooks;
using Microsoft.Extensions.Options;

namespace Herald.Tests.Secrets;

/// <summary>
/// What the key ring tests share: a folder of certificates and keys outside any data directory (deleted after
/// each test), the settings of each way of protecting the ring, and the webhook and push that prove the secrets
/// still work. The tests are in two classes so xUnit runs them beside each other (each starts and stops many hosts).
/// </summary>
public abstract class KeyRingTestBase : IDisposable
{
    protected string MaterialDirectory { get; } = Path.Combine(Path.GetTempPath(), "herald-keyring-tests", "material-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        GC.SuppressFinalize(this);
        try { Directory.Delete(MaterialDirectory, recursive: true); } catch (DirectoryNotFoundException) { }
    }

    /// <summary>The settings of one way of protecting the ring; the certificate lives outside the data directory, as in production.</summary>
    protected Dictionary<string, string?> Protection(string protection) => protection switch
    {
        "pfx" => new() { ["Herald:KeyRing:Certificate"] = TestCertificates.WritePfx(MaterialDirectory), ["Herald:KeyRing:CertificatePassword"] = TestCertificates.Password },
        "pem" => new() { ["Herald:KeyRing:Certificate"] = TestCertificates.WritePem(MaterialDirectory) },
        "key" => new() { ["Herald:KeyRing:Key"] = TestCertificates.NewKey() },
        _ => throw new ArgumentOutOfRangeException(nameof(protection)),
    };

    protected static async Task<(string App, string Secret)> CreateSecretsAsync(HeraldHost herald, Receiver hooks, Receiver push)
    {
        var (app, admin) = await herald.CreateAppAsync();
        using (admin)
        {
            var endpoint = await admin.CreateEndpointAsync(app, new { url = hooks.Url });
            await admin.AddCustomProviderAsync(app, push);
            return (app, endpoint.Secret);
        }
    }

    /// <summary>One message: its webhook carries a signature valid for the original secret, its push the credential's Basic Auth.</summary>
    protected static async Task AssertSignsAndPushesAsync(HeraldHost herald, string app, string secret, Receiver hooks, Receiver push)
    {
        hooks.Verifier = new WebhookVerifier(secret);
        using var admin = herald.ClientWith(await herald.CreateKeyAsync(app, "admin"));
        await admin.PostEventAsync(app, PushTestKit.DirectMessage());
        await PushTestKit.ExpectExactlyAsync(push, 1);
        Assert.Equal(PushTestKit.ExpectedBasicAuth, push.Requests.Single().Authorization);
        await ApiExtensions.Eventually(() => Task.FromResult(!hooks.Requests.IsEmpty), TimeSpan.FromSeconds(15), "the webhook arrives");
        var hook = hooks.Requests.Single();
        Assert.True(hook.SignatureValid, $"the webhook's signature does not verify with the original secret: {hook.VerifyError}");
    }
}
