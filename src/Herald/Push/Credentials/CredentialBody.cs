using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using System.Text.Json;
using Herald.Kernel;
using Herald.Storage;

namespace Herald.Push.Credentials;

/// <summary>
/// The flat create body: the common fields, then each provider's material. <see cref="ServiceAccountJson"/>
/// is the file's text, or the file's JSON object itself.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CredentialBody(
    [property: Required] string? Name = null,
    [property: ClosedSet(typeof(CredentialKinds), nameof(CredentialKinds.Platforms))] string? Platform = null,
    [property: Required, ClosedSet(typeof(CredentialKinds), nameof(CredentialKinds.Providers))] string? Provider = null,
    [property: ClosedSet(typeof(CredentialKinds), nameof(CredentialKinds.Environments))] string? Environment = null, bool? Active = null,
    string? P8 = null, string? KeyId = null, string? TeamId = null, string? Topic = null, string? P12 = null, string? P12Password = null,
    JsonElement? ServiceAccountJson = null,
    string? ApiKey = null, string? SecretKey = null,
    [property: Url] string? Url = null, string? Username = null, string? Password = null);

/// <summary>A create body that passed validation: what to store, the secret still in clear.</summary>
public sealed record ValidCredential(
    string Name, string Platform, string Provider, string Environment, CredentialDetails Details, CredentialMaterial Material, long? ExpiresAt);

/// <summary>What one provider's rules make of its fields.</summary>
public sealed record ProviderMaterial(CredentialDetails Details, CredentialMaterial Material, long? ExpiresAt = null);
