using Herald.Storage;

namespace Herald.Tests.Storage;

/// <summary>The compliance suite's part for <see cref="ICredentialStore"/>.</summary>
public abstract partial class StoreComplianceTests
{
    private static CredentialRecord Credential(string id, bool active, string platform = "ios", string provider = "apns", long at = T0) =>
        new(id, App, id, platform, provider, "production", active, new CredentialDetails(KeyId: "K1", TeamId: "T1", Topic: "com.x"),
            [9, 8, 7], T0 + 86_400_000, at, at);

    [Fact]
    public async Task Exactly_one_credential_is_active_per_platform_and_provider()
    {
        await Store.CreateCredentialAsync(Credential("c1", active: true), default);
        await Store.CreateCredentialAsync(Credential("c2", active: true, at: T0 + 1), default); // takes over
        await Store.CreateCredentialAsync(Credential("c3", active: false, at: T0 + 2), default);
        await Store.CreateCredentialAsync(Credential("f1", active: true, platform: "android", provider: "fcm", at: T0 + 3), default);
        async Task<string[]> Active() => [.. (await Store.ListCredentialsAsync(App, default)).Where(c => c.Active).Select(c => c.Id)];
        Assert.Equal(["c2", "f1"], await Active());
        Assert.True(await Store.ActivateCredentialAsync(App, "c3", T0 + 10, default));
        Assert.Equal(["c3", "f1"], await Active());
        Assert.True(await Store.ActivateCredentialAsync(App, "c3", T0 + 11, default)); // already active: still true
        Assert.False(await Store.ActivateCredentialAsync(App, "nope", T0 + 12, default));
        var c3 = (await Store.GetCredentialAsync(App, "c3", default))!;
        Assert.Equal(("K1", "com.x", (byte)9, T0 + 10), (c3.Details.KeyId, c3.Details.Topic, c3.EncryptedSecret[0], c3.UpdatedAt));
        Assert.True(await Store.DeleteCredentialAsync(App, "c3", default));
        Assert.False(await Store.DeleteCredentialAsync(App, "c3", default));
        Assert.Equal(["f1"], await Active());
        Assert.Null(await Store.GetCredentialAsync(App, "c3", default));
    }

    [Fact]
    public async Task Concurrent_activations_leave_exactly_one_active_and_never_fail()
    {
        var ids = Enumerable.Range(0, 12).Select(i => $"c{i}").ToArray();
        foreach (var id in ids) await Store.CreateCredentialAsync(Credential(id, active: false), default);
        await Task.WhenAll(ids.Select(id => Task.Run(() => Store.ActivateCredentialAsync(App, id, T0 + 5, default))));
        Assert.Single(await Store.ListCredentialsAsync(App, default), c => c.Active);
        await Task.WhenAll(ids.Select((id, i) => Task.Run(() => Store.CreateCredentialAsync(Credential($"n{i}", active: true, at: T0 + 10), default))));
        Assert.Single(await Store.ListCredentialsAsync(App, default), c => c.Active);
    }

    [Fact]
    public async Task A_credentials_secret_is_replaced_only_from_the_version_read()
    {
        await Store.CreateCredentialAsync(Credential("c1", active: true), default);
        Assert.True(await Store.ReplaceCredentialSecretAsync(App, "c1", [1, 2, 3], expectedUpdatedAt: T0, updatedAt: T0 + 5, default));
        var c1 = (await Store.GetCredentialAsync(App, "c1", default))!;
        Assert.Equal([1, 2, 3], c1.EncryptedSecret);
        Assert.Equal((T0 + 5, true, "K1"), (c1.UpdatedAt, c1.Active, c1.Details.KeyId));
        // A second rotation that read the old version loses, rather than overwriting the first one's secret.
        Assert.False(await Store.ReplaceCredentialSecretAsync(App, "c1", [4], expectedUpdatedAt: T0, updatedAt: T0 + 6, default));
        Assert.Equal([1, 2, 3], (await Store.GetCredentialAsync(App, "c1", default))!.EncryptedSecret);
        Assert.False(await Store.ReplaceCredentialSecretAsync(App, "nope", [4], T0, T0 + 6, default));
        Assert.False(await Store.ReplaceCredentialSecretAsync("other-app", "c1", [4], T0 + 5, T0 + 6, default));
    }
}
