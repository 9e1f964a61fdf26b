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
public sealed class KeyRingProtectionTests : KeyRingTestBase
{
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
            "missing" => new Dictionary<string, string?> { ["Herald:KeyRing:Certificate"] = Path.Combine(MaterialDirectory, "nowhere.pfx") },
            "wrong-password" => new() { ["Herald:KeyRing:Certificate"] = TestCertificates.WritePfx(MaterialDirectory), ["Herald:KeyRing:CertificatePassword"] = "wrong" },
            "no-private-key" => new() { ["Herald:KeyRing:Certificate"] = TestCertificates.WritePem(MaterialDirectory, withKey: false) },
            "short-key" => new() { ["Herald:KeyRing:Key"] = Convert.ToBase64String(new byte[16]) },
            "not-base64" => new() { ["Herald:KeyRing:Key"] = "correct horse battery staple" },
            "previous-alone" => new() { ["Herald:KeyRing:PreviousKey"] = TestCertificates.NewKey() },
            "previous-missing" => new() { ["Herald:KeyRing:Key"] = TestCertificates.NewKey(), ["Herald:KeyRing:PreviousCertificate"] = Path.Combine(MaterialDirectory, "old.pfx") },
            _ => new() { ["Herald:KeyRing:Key"] = TestCertificates.NewKey(), ["Herald:KeyRing:Certificate"] = TestCertificates.WritePfx(MaterialDirectory) },
        };
        var ex = StartRefusal.Of(settings);
        Assert.Contains(expected, ex.Message);
    }
}
