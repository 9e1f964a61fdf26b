using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using Herald.Push.Credentials;
using Herald.Storage;
using Herald.Webhooks;
using Microsoft.Extensions.Options;

namespace Herald.Push.Providers.Fcm;

/// <summary>Why no access token could be had; <see cref="Permanent"/> when retrying cannot help until the credential changes.</summary>
public sealed class FcmTokenException(string message, bool permanent) : Exception(message)
{
    public bool Permanent { get; } = permanent;
}

/// <summary>
/// OAuth2 access tokens for FCM from a service account's key: an RS256 JWT assertion exchanged at
/// the JSON's own token_uri (RFC 7523 JWT bearer grant). One token per credential, shared by every
/// worker and kept until 5 minutes before it expires; callers that need a new one at the same
/// time wait for a single request.
/// <para>
/// Not Google.Apis.Auth: its ServiceAccountCredential (checked with 1.78.0) posts to the JSON's
/// token_uri but signs the assertion with <c>aud</c> fixed to https://oauth2.googleapis.com/token,
/// whatever token_uri says, so any other token endpoint gets an assertion meant for Google's; it
/// would also bring Newtonsoft.Json and System.Management along for what is some sixty lines here.
/// </para>
/// </summary>
public sealed partial class FcmAccessTokens(IHttpClientFactory clients, IOptions<FcmOptions> options, TimeProvider time, ILogger<FcmAccessTokens> logger)
{
    public const string Scope = "https://www.googleapis.com/auth/firebase.messaging";
    private static readonly TimeSpan RefreshBefore = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan AssertionLifetime = TimeSpan.FromHours(1); // Google's maximum
    private const string NewKeyFix =
        "Create a new key for the service account (Firebase console → Project settings → Service accounts → Generate new private key), " +
        "upload it as a new credential and activate it.";

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public sealed record AccessToken(string Value, DateTimeOffset ExpiresAt);

    private sealed class Entry
    {
        public readonly Lock Gate = new();
        public AccessToken? Token;
        public Task<AccessToken>? Pending;
    }

    public async Task<AccessToken> GetAsync(CredentialRecord credential, CredentialMaterial material, CancellationToken ct)
    {
        var entry = _entries.GetOrAdd(Key(credential), _ => new Entry());
        Task<AccessToken> pending;
        lock (entry.Gate)
        {
            if (entry.Token is { } token && time.GetUtcNow() < token.ExpiresAt - RefreshBefore) return token;
            // Task.Run: the fetch clears Pending under the same lock, so it must not finish before Pending is set.
            pending = entry.Pending ??= Task.Run(() => FetchAsync(entry, credential, material));
        }
        return await pending.WaitAsync(ct); // one caller giving up does not cancel the request the others wait for
    }

    /// <summary>FCM said the token is not valid (any more): the next send fetches a new one, unless another worker already has.</summary>
    public void Invalidate(CredentialRecord credential, AccessToken used)
    {
        if (!_entries.TryGetValue(Key(credential), out var entry)) return;
        lock (entry.Gate)
            if (entry.Token == used) entry.Token = null;
    }

    private static string Key(CredentialRecord c) => $"{c.Id}:{c.UpdatedAt}";

    private async Task<AccessToken> FetchAsync(Entry entry, CredentialRecord credential, CredentialMaterial material)
    {
        try
        {
            var token = await ExchangeAsync(credential, material);
            lock (entry.Gate) entry.Token = token;
            return token;
        }
        finally
        {
            lock (entry.Gate) entry.Pending = null;
        }
    }

    private async Task<AccessToken> ExchangeAsync(CredentialRecord credential, CredentialMaterial material)
    {
        var account = ServiceAccount.Read(material.ServiceAccountJson, credential.Details.TokenUri);
        var now = time.GetUtcNow();
        var assertion = account.Assertion(now);
        // The token URL comes from an uploaded file, so it goes through the SSRF-guarded client like any user-given URL.
        using var request = new HttpRequestMessage(HttpMethod.Post, account.TokenUri)
        {
            Content = new FormUrlEncodedContent([new("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"), new("assertion", assertion)]),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        // Not HttpAttempt: its 1 KB snippet can cut a token in half (Google's may be up to 2 KB).
        using var deadline = new CancellationTokenSource(options.Value.RequestTimeoutValue, time);
        int status;
        string body;
        try
        {
            using var response = await clients.CreateClient(UrlGuard.ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            status = (int)response.StatusCode;
            body = await ReadCappedAsync(response, deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new FcmTokenException($"The OAuth token request to {account.TokenUri} timed out after {options.Value.RequestTimeout}.", permanent: false);
        }
        catch (HttpRequestException ex)
        {
            throw new FcmTokenException($"The OAuth token request to {account.TokenUri} failed: {ex.Message}", permanent: false);
        }
        if (status is >= 200 and < 300 && ReadToken(body, now) is { } token)
        {
            LogTokenIssued(logger, credential.Id, token.ExpiresAt);
            return token;
        }
        throw Refused(account, status, body);
    }

    /// <summary>The token_uri is user-given: a body past 64 KB is not a token answer, and is not read.</summary>
    private static async Task<string> ReadCappedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[64 * 1024];
        int n = 0, read;
        while (n < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(n), ct)) > 0) n += read;
        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    private static AccessToken? ReadToken(string? body, DateTimeOffset now)
    {
        try
        {
            using var doc = JsonDocument.Parse(body ?? "");
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("access_token", out var value) || value.ValueKind != JsonValueKind.String) return null;
            var seconds = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var s) && s > 0 ? s : 3600;
            return new AccessToken(value.GetString()!, now.AddSeconds(seconds));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static FcmTokenException Refused(ServiceAccount account, int status, string? body)
    {
        string? error = null, description = null;
        try
        {
            using var doc = JsonDocument.Parse(body ?? "");
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                error = doc.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
                description = doc.RootElement.TryGetProperty("error_description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            }
        }
        catch (JsonException) { }
        var said = $"the token endpoint {account.TokenUri} answered HTTP {status}" + (error is null ? "" : $" {error}") + (description is null ? "" : $" ({description})");
        return error switch
        {
            "invalid_grant" => new FcmTokenException(
                $"Google refused the service account's key for {account.ClientEmail}: {said}. The key was deleted or revoked in Google Cloud " +
                $"(or this server's clock is off by minutes). {NewKeyFix}", permanent: true),
            "invalid_client" or "unauthorized_client" => new FcmTokenException(
                $"Google does not accept the service account {account.ClientEmail}: {said}. It was disabled or deleted; enable it in Google Cloud " +
                $"(IAM → Service accounts) or {char.ToLowerInvariant(NewKeyFix[0])}{NewKeyFix[1..]}", permanent: true),
            _ when status is 429 or >= 500 => new FcmTokenException($"Getting an FCM access token failed: {said}; retrying.", permanent: false),
            _ => new FcmTokenException($"Getting an FCM access token failed: {said}. {NewKeyFix}", permanent: true),
        };
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "FCM access token for credential {CredentialId} issued, valid until {ExpiresAt:u}")]
    private static partial void LogTokenIssued(ILogger logger, string credentialId, DateTimeOffset expiresAt);

    /// <summary>The fields of the service account's JSON that the token exchange uses.</summary>
    private sealed record ServiceAccount(string ClientEmail, string PrivateKeyPem, string? KeyId, string TokenUri)
    {
        public static ServiceAccount Read(string? json, string? storedTokenUri)
        {
            try
            {
                using var doc = JsonDocument.Parse(json ?? "");
                var root = doc.RootElement;
                string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                if (Text("client_email") is { } email && Text("private_key") is { } key)
                    return new ServiceAccount(email, key, Text("private_key_id"), Text("token_uri") ?? storedTokenUri ?? FcmCredentialRules.DefaultTokenUri);
            }
            catch (JsonException) { }
            throw new FcmTokenException($"The stored service account JSON has no client_email or private_key. {NewKeyFix}", permanent: true);
        }

        public string Assertion(DateTimeOffset now)
        {
            var header = new Dictionary<string, string> { ["alg"] = "RS256", ["typ"] = "JWT" };
            if (KeyId is not null) header["kid"] = KeyId;
            var iat = now.ToUnixTimeSeconds();
            var claims = new Dictionary<string, object>
            {
                ["iss"] = ClientEmail, ["scope"] = Scope, ["aud"] = TokenUri, ["iat"] = iat, ["exp"] = iat + (long)AssertionLifetime.TotalSeconds,
            };
            var signingInput = $"{Base64Url(JsonSerializer.SerializeToUtf8Bytes(header))}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims))}";
            using var rsa = RSA.Create();
            try
            {
                rsa.ImportFromPem(PrivateKeyPem);
            }
            catch (Exception ex) when (ex is CryptographicException or ArgumentException)
            {
                throw new FcmTokenException($"The service account's private_key cannot be read as an RSA key. {NewKeyFix}", permanent: true);
            }
            var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return $"{signingInput}.{Base64Url(signature)}";
        }

        private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
