using Herald.Tests.Push;
using Herald.Tests.Support;
using Herald.Webhooks;
using Microsoft.Extensions.Options;

namespace Herald.Tests.Secrets;

/// <summary>
/// Issue 18, item 7: the key ring is encrypted with material the database does not hold, so a copy
/// of the database (SQLite: herald.db and keys/; PostgreSQL: every table) decrypts no secret, while
/// Herald given the certificate or key still signs webhooks and authenticates pushes.
/// </summary>
public sealed class KeyRingProtectionTests : IDisposable
{
    private readonly string _secrets = Path.Combine(Path.GetTempPath(), "herald-keyring-tests", "material-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_secrets, recursive: true); } catch (DirectoryNotFoundException) { }
    }

    /// <summary>The settings of one way of protecting the ring; the certificate lives outside the data directory, as in production.</summary>
    private Dictionary<string, string?> Protection(string protection) => protection switch
    {
        "pfx" => new() { ["Herald:KeyRing:Certificate"] = TestCertificates.WritePfx(_secrets), ["Herald:KeyRing:CertificatePassword"] = TestCertificates.Password },
        "pem" => new() { ["Herald:KeyRing:Certificate"] = TestCertificates.WritePem(_secrets) },
        "key" => new() { ["Herald:KeyRing:Key"] = TestCertificates.NewKey() },
        _ => throw new ArgumentOutOfRangeException(nameof(protection)),
    };

    [Theory]
    [InlineData(Deployment.Sqlite, "pfx")]
    [InlineData(Deployment.Sqlite, "pem")]
    [InlineData(Deployment.Sqlite, "key")]
    [InlineData(Deployment.Postgres, "pfx")]
    [InlineData(Deployment.Postgres, "key")]
    public async Task A_copy_of_the_database_decrypts_no_secret_while_Herald_with_the_protection_still_signs(string store, string protection)
    {
        await using var deployment = await Deployment.CreateAsync(store);
        await using var hooks = await Receiver.StartAsync();
        await using var push = await Receiver.StartAsync();
        var settings = Protection(protection);
        string app, secret;
        using (var herald = deployment.Host(settings)) (app, secret) = await CreateSecretsAsync(herald, hooks, push);

        var atRest = await deployment.CopyAtRestAsync();
        Assert.NotEmpty(atRest.KeyXml);
        Assert.NotEmpty(atRest.EndpointSecrets);
        Assert.NotEmpty(atRest.CredentialSecrets);
        Assert.Equal(0, atRest.PlainMasterKeys);
        Assert.Equal(atRest.KeyXml.Count, atRest.EncryptedSecrets);
        Assert.Empty(atRest.DecryptWithoutHerald());

        // A new host (nothing cached) given the same certificate or key reads the ring and every secret.
        using (var herald = deployment.Host(settings)) await AssertSignsAndPushesAsync(herald, app, secret, hooks, push);
    }

    /// <summary>The control for the test above: the same copy, made without protection, gives every secret away.</summary>
    [Theory]
    [InlineData(Deployment.Sqlite)]
    [InlineData(Deployment.Postgres)]
    public async Task Without_protection_a_copy_of_the_database_decrypts_every_secret(string store)
    {
        await using var deployment = await Deployment.CreateAsync(store);
        await using var hooks = await Receiver.StartAsync();
        await using var push = await Receiver.StartAsync();
        string secret;
        using (var herald = deployment.Host()) (_, secret) = await CreateSecretsAsync(herald, hooks, push);

        var atRest = await deployment.CopyAtRestAsync();
        Assert.True(atRest.PlainMasterKeys >= 1);
        var decrypted = atRest.DecryptWithoutHerald();
        Assert.Contains(secret, decrypted);
        Assert.Contains(decrypted, d => d.Contains(PushTestKit.Password, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Deployment.Sqlite, "pfx")]
    [InlineData(Deployment.Sqlite, "key")]
    [InlineData(Deployment.Postgres, "pfx")]
    [InlineData(Deployment.Postgres, "key")]
    public async Task Keys_stored_unprotected_are_encrypted_on_the_first_start_with_protection_and_old_secrets_still_work(string store, string protection)
    {
        await using var deployment = await Deployment.CreateAsync(store);
        await using var hooks = await Receiver.StartAsync();
        await using var push = await Receiver.StartAsync();
        string app, secret;
        using (var herald = deployment.Host()) (app, secret) = await CreateSecretsAsync(herald, hooks, push);
        var before = await deployment.CopyAtRestAsync();
        Assert.True(before.PlainMasterKeys >= 1);
        Assert.Equal(0, before.EncryptedSecrets);

        var settings = Protection(protection);
        using (var herald = deployment.Host(settings))
        {
            _ = herald.Services; // started: the ring is re-protected before anything decrypts
            var after = await deployment.CopyAtRestAsync();
            Assert.Equal(0, after.PlainMasterKeys);
            Assert.Equal(before.KeyXml.Count, after.KeyXml.Count);
            Assert.Equal(after.KeyXml.Count, after.EncryptedSecrets);
            Assert.Empty(after.DecryptWithoutHerald());
            await AssertSignsAndPushesAsync(herald, app, secret, hooks, push);
        }
        // And again from a cold start, now that only encrypted keys are stored.
        hooks.Requests.Clear();
        push.Requests.Clear();
        using (var herald = deployment.Host(settings)) await AssertSignsAndPushesAsync(herald, app, secret, hooks, push);
        if (store == Deployment.Sqlite && !OperatingSystem.IsWindows())
            foreach (var f in Directory.EnumerateFiles(Path.Combine(deployment.DataDirectory, "keys"))) Assert.Equal(FileModeTests.Private, File.GetUnixFileMode(f));
    }

    [Theory]
    [InlineData(Deployment.Sqlite, "pfx", "pem")]
    [InlineData(Deployment.Sqlite, "key", "key")]
    [InlineData(Deployment.Sqlite, "pfx", "key")]
    [InlineData(Deployment.Postgres, "pfx", "pem")]
    public async Task Rotation_encrypts_the_ring_again_under_the_new_certificate_or_key_and_the_old_one_can_go(string store, string from, string to)
    {
        await using var deployment = await Deployment.CreateAsync(store);
        await using var hooks = await Receiver.StartAsync();
        await using var push = await Receiver.StartAsync();
        var old = Protection(from);
        string app, secret;
        using (var herald = deployment.Host(old)) (app, secret) = await CreateSecretsAsync(herald, hooks, push);
        var before = await deployment.CopyAtRestAsync();

        var next = Protection(to);
        var rotating = new Dictionary<string, string?>(next);
        foreach (var (k, v) in old) rotating[k.Replace("Herald:KeyRing:", "Herald:KeyRing:Previous", StringComparison.Ordinal)] = v;
        using (var herald = deployment.Host(rotating)) await AssertSignsAndPushesAsync(herald, app, secret, hooks, push);

        // The old certificate or key is gone now: a start only opens a ring wholly under the new one.
        hooks.Requests.Clear();
        push.Requests.Clear();
        using (var herald = deployment.Host(next)) await AssertSignsAndPushesAsync(herald, app, secret, hooks, push);
        var after = await deployment.CopyAtRestAsync();
        Assert.Equal(before.KeyXml.Count, after.KeyXml.Count);
        Assert.Equal(after.KeyXml.Count, after.EncryptedSecrets);
        Assert.Empty(before.KeyXml.Intersect(after.KeyXml));
        Assert.Empty(after.DecryptWithoutHerald());
    }

    [Theory]
    [InlineData("pfx", "another-certificate", "with Herald:KeyRing:Certificate: set the certificate or key it was encrypted with")]
    [InlineData("key", "another-key", "with Herald:KeyRing:Key: set the certificate or key it was encrypted with")]
    [InlineData("key", "none", "because Herald:KeyRing is not set")]
    [InlineData("pfx", "none", "because Herald:KeyRing is not set")]
    public async Task Herald_started_without_what_the_ring_was_encrypted_with_stops_instead_of_losing_the_secrets(string protection, string restart, string expected)
    {
        await using var deployment = await Deployment.CreateAsync(Deployment.Sqlite);
        await using var hooks = await Receiver.StartAsync();
        await using var push = await Receiver.StartAsync();
        using (var herald = deployment.Host(Protection(protection))) await CreateSecretsAsync(herald, hooks, push);
        var keysBefore = (await deployment.CopyAtRestAsync()).KeyXml.Count;

        using (var other = deployment.Host(restart switch { "none" => null, "another-key" => Protection("key"), _ => Protection("pem") }))
        {
            var ex = Assert.ThrowsAny<InvalidOperationException>(() => other.CreateClient());
            Assert.Contains(expected, ex.Message);
        }
        // Nothing was written: no new key made under the wrong material.
        Assert.Equal(keysBefore, (await deployment.CopyAtRestAsync()).KeyXml.Count);
    }

    [Theory]
    [InlineData("missing", "Herald:KeyRing:Certificate: no file at")]
    [InlineData("wrong-password", "check Herald:KeyRing:CertificatePassword")]
    [InlineData("no-private-key", "holds no private key")]
    [InlineData("short-key", "Herald:KeyRing:Key is not base64 of exactly 32 bytes")]
    [InlineData("not-base64", "Herald:KeyRing:Key is not base64 of exactly 32 bytes")]
    [InlineData("both", "set Certificate or Key, not both")]
    [InlineData("previous-alone", "set the new Certificate or Key beside them")]
    [InlineData("previous-missing", "Herald:KeyRing:PreviousCertificate: no file at")]
    public void A_bad_key_ring_setting_stops_the_start_with_a_message_naming_it(string problem, string expected)
    {
        var settings = problem switch
        {
            "missing" => new Dictionary<string, string?> { ["Herald:KeyRing:Certificate"] = Path.Combine(_secrets, "nowhere.pfx") },
            "wrong-password" => new() { ["Herald:KeyRing:Certificate"] = TestCertificates.WritePfx(_secrets), ["Herald:KeyRing:CertificatePassword"] = "wrong" },
            "no-private-key" => new() { ["Herald:KeyRing:Certificate"] = TestCertificates.WritePem(_secrets, withKey: false) },
            "short-key" => new() { ["Herald:KeyRing:Key"] = Convert.ToBase64String(new byte[16]) },
            "not-base64" => new() { ["Herald:KeyRing:Key"] = "correct horse battery staple" },
            "previous-alone" => new() { ["Herald:KeyRing:PreviousKey"] = TestCertificates.NewKey() },
            "previous-missing" => new() { ["Herald:KeyRing:Key"] = TestCertificates.NewKey(), ["Herald:KeyRing:PreviousCertificate"] = Path.Combine(_secrets, "old.pfx") },
            _ => new() { ["Herald:KeyRing:Key"] = TestCertificates.NewKey(), ["Herald:KeyRing:Certificate"] = TestCertificates.WritePfx(_secrets) },
        };
        var ex = StartRefusal.Of(settings);
        Assert.Contains(expected, ex.Message);
    }

    private static async Task<(string App, string Secret)> CreateSecretsAsync(HeraldHost herald, Receiver hooks, Receiver push)
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
    private static async Task AssertSignsAndPushesAsync(HeraldHost herald, string app, string secret, Receiver hooks, Receiver push)
    {
        hooks.Verifier = new WebhookVerifier(secret);
        using var admin = herald.ClientWith(await herald.CreateKeyAsync(app, "admin"));
        await admin.PostEventAsync(app, new
        {
            type = "message.created",
            sender = new { uid = "cometchat-uid-2", name = "George Alan" },
            conversation = new { type = "user", name = "Andrew Joseph" },
            recipients = new[] { "cometchat-uid-1" },
            data = new { text = "Hi Andrew", messageId = "77" },
        });
        await PushTestKit.ExpectExactlyAsync(push, 1);
        Assert.Equal(PushTestKit.ExpectedBasicAuth, push.Requests.Single().Authorization);
        await ApiExtensions.Eventually(() => Task.FromResult(!hooks.Requests.IsEmpty), TimeSpan.FromSeconds(15), "the webhook arrives");
        var hook = hooks.Requests.Single();
        Assert.True(hook.SignatureValid, $"the webhook's signature does not verify with the original secret: {hook.VerifyError}");
    }
}
