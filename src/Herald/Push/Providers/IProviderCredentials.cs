using Herald.Kernel;
using Herald.Push.Credentials;
using Herald.Storage;
using Herald.Webhooks;

namespace Herald.Push.Providers;

/// <summary>A field of the flat credential body that belongs to one provider: another provider's credential must leave it out.</summary>
public sealed record OwnedField(string Field, Func<CredentialBody, object?> Value);

/// <summary>What a provider's rules may need: the SSRF guard for URLs it calls, and the time (certificates expire).</summary>
public sealed record CredentialCheck(UrlGuard Guard, DateTimeOffset Now);

/// <summary>A provider's credentials: its platforms, its fields of the create body, their rules, and the warnings a stored one carries.</summary>
public interface IProviderCredentials
{
    /// <summary>The platforms a credential of this provider is for; the first is the console's default.</summary>
    IReadOnlyList<string> CredentialPlatforms { get; }

    /// <summary>How the provider is named where the API asks for one, e.g. "acme (Android, or iOS through Acme Cloud)".</summary>
    string CredentialHint { get; }

    /// <summary>A credential name to show as an example (the first provider's is the API's and the console's), e.g. "Acme production key".</summary>
    string ExampleName { get; }

    /// <summary>The fix when a credential names a platform the provider does not push to.</summary>
    string WrongPlatformFix { get; }

    /// <summary>Its fields of <see cref="CredentialBody"/>, in the order the API names them.</summary>
    IReadOnlyList<OwnedField> BodyFields { get; }

    /// <summary>The details and secret to store, or null with every mistake in <paramref name="errors"/> (each naming its field and the fix).</summary>
    ValueTask<ProviderMaterial?> ValidateAsync(CredentialBody body, CredentialCheck check, FieldErrors errors, CancellationToken ct);

    /// <summary>
    /// Whether its requests carry Standard Webhooks signature headers: its credentials then get a whsec_ signing secret
    /// when created (shown once), which can be rotated (<c>POST .../credentials/{id}/signing-secret/rotate</c>).
    /// </summary>
    bool SignsRequests => false;

    /// <summary>What the API warns about a stored credential (an expiry coming, a mismatch), shown with it.</summary>
    IEnumerable<string> Warnings(CredentialRecord credential, DateTimeOffset now) => [];
}
