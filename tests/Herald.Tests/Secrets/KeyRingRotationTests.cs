using Herald.Tests.Push;
using Herald.Tests.Support;
using Herald.Webhooks;
using Microsoft.Extensions.Options;

namespace Herald.Tests.Secrets;

/// <summary>
/// Issue 18, item 7, continued: changing how an existing ring is protected. Keys stored before protection was set
/// are encrypted on the first start with it, and a rotation re-encrypts the ring under the new certificate or key.
/// </summary>
public sealed class KeyRingRotationTests : KeyRingTestBase
{
    [Theory]
    [InlineData(Deployment.Sqlite, "pfx")]
    [InlineData(Deployment.Sqlite, "key")]
    [InlineData(Deployment.Postgres, "pfx")]
    [InlineData(Deployment.Postgres, "key")]
    public async Task Keys_stored_unprotected_are_encrypted_on_the_first_start_with_protection_and_oldSecrets_still_work(string store, string protection)
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
}
