using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Herald.Tests.Push.Providers.Apns;

/// <summary>One request as the mock saw it, with what it found wrong (nothing, for a well-formed push) and what it answered.</summary>
public sealed record ApnsReceived(
    DateTimeOffset At, string Method, string Path, string Protocol, string Token, IReadOnlyDictionary<string, string> Headers,
    string Body, int BodyBytes, string? Jwt, JsonElement? JwtClaims, string? ClientThumbprint, IReadOnlyList<string> Problems,
    int Status, string? Reason)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
    public JsonElement Aps => Json.GetProperty("aps");
}

/// <summary>An answer the mock is told to give: a status, Apple's reason, and optionally a Retry-After.</summary>
public sealed record ApnsReply(int Status, string? Reason = null, string? RetryAfter = null);

/// <summary>
/// A stand-in for api.push.apple.com: a real Kestrel HTTP/2 server on 127.0.0.1, either h2c (prior
/// knowledge, no TLS) or TLS with a certificate from a test CA and client certificates requested.
/// It checks what Apple checks (the ES256 provider token against the .p8's public key, kid, iss and
/// iat; or the client certificate; every apns-* header; path, token and payload size) and answers as
/// Apple would when something is wrong; otherwise 200, or what the test told it to answer.
/// </summary>
public sealed partial class ApnsMock : IAsyncDisposable
{
    private static readonly HashSet<string> PushTypes = ["alert", "background", "voip", "location", "complication", "fileprovider", "mdm", "liveactivity", "pushtotalk", "controls", "widgets"];
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ApnsReply>> _scripts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ApnsReply> _always = new(StringComparer.Ordinal);

    public string Url { get; }
    public ConcurrentQueue<ApnsReceived> Requests { get; } = new();

    /// <summary>Token auth: the key that must have signed the JWT, and its kid and iss. Null: no token expected.</summary>
    public ECDsa? TokenKey { get; set; }
    public string KeyId { get; set; } = ApnsTestKit.KeyId;
    public string TeamId { get; set; } = ApnsTestKit.TeamId;
    /// <summary>Certificate auth: the thumbprint the TLS client certificate must have.</summary>
    public string? ClientThumbprint { get; set; }
    public string Topic { get; set; } = TestCredentials.BundleId;
    public TimeProvider Clock { get; set; } = TimeProvider.System;
    /// <summary>Runs for every request before it is answered (e.g. to move a fake clock).</summary>
    public Action<ApnsReceived>? OnRequest { get; set; }

    private ApnsMock(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public static Task<ApnsMock> StartH2cAsync() => StartAsync(null);

    public static Task<ApnsMock> StartTlsAsync(X509Certificate2 serverCertificate) => StartAsync(serverCertificate);

    private static async Task<ApnsMock> StartAsync(X509Certificate2? serverCertificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.Http2.MaxStreamsPerConnection = 1000; // as APNs allows
            k.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http2; // on plain http: h2c with prior knowledge only
                if (serverCertificate is not null)
                    listen.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = serverCertificate,
                        // HTTP/2 forbids renegotiation, so the certificate is asked for in the handshake.
                        ClientCertificateMode = ClientCertificateMode.AllowCertificate,
                        ClientCertificateValidation = (_, _, _) => true, // checked by thumbprint below, as Apple knows its own certificates
                    });
            });
        });
        var app = builder.Build();
        ApnsMock? self = null;
        app.Run(ctx => self!.HandleAsync(ctx));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new ApnsMock(app, address.TrimEnd('/'));
        return self;
    }

    /// <summary>The next answers to pushes for <paramref name="token"/> ("*": any token), one per push, then 200 again.</summary>
    public void Reply(string token, params ApnsReply[] replies)
    {
        var queue = _scripts.GetOrAdd(token, _ => new ConcurrentQueue<ApnsReply>());
        foreach (var r in replies) queue.Enqueue(r);
    }

    /// <summary>The answer to every push for <paramref name="token"/> ("*": any token) from now on.</summary>
    public void ReplyAlways(string token, ApnsReply reply) => _always[token] = reply;

    public IReadOnlyList<ApnsReceived> For(string token) => Requests.Where(r => r.Token == token).ToList();

    private async Task HandleAsync(HttpContext ctx)
    {
        var request = ctx.Request;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, ctx.RequestAborted);
        var bytes = body.ToArray();
        var headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        var problems = new List<(int Status, string Reason, string Why)>();
        var token = CheckPath(request, problems);
        var (jwt, claims) = CheckAuthentication(ctx, headers, problems);
        CheckHeaders(headers, problems);
        CheckPayload(bytes, headers.GetValueOrDefault("apns-push-type"), problems);

        var reply = problems.Count > 0 ? new ApnsReply(problems[0].Status, problems[0].Reason) : Scripted(token);
        var received = new ApnsReceived(Clock.GetUtcNow(), request.Method, request.Path.Value ?? "", request.Protocol, token, headers,
            Encoding.UTF8.GetString(bytes), bytes.Length, jwt, claims, ctx.Connection.ClientCertificate?.Thumbprint,
            problems.Select(p => $"{p.Reason}: {p.Why}").ToList(), reply.Status, reply.Reason);
        OnRequest?.Invoke(received);
        Requests.Enqueue(received);

        var response = ctx.Response;
        response.StatusCode = reply.Status;
        // APNs echoes the apns-id it was given, or names the push itself.
        response.Headers["apns-id"] = headers.GetValueOrDefault("apns-id") ?? Guid.NewGuid().ToString("D").ToUpperInvariant();
        if (reply.RetryAfter is not null) response.Headers.RetryAfter = reply.RetryAfter;
        if (reply.Status == 200) return;
        response.ContentType = "application/json";
        var answer = reply.Status == 410
            ? new Dictionary<string, object?> { ["reason"] = reply.Reason, ["timestamp"] = Clock.GetUtcNow().AddDays(-3).ToUnixTimeMilliseconds() }
            : new Dictionary<string, object?> { ["reason"] = reply.Reason };
        await response.WriteAsync(JsonSerializer.Serialize(answer), ctx.RequestAborted);
    }

    private ApnsReply Scripted(string token)
    {
        foreach (var key in new[] { token, "*" })
            if (_scripts.TryGetValue(key, out var queue) && queue.TryDequeue(out var next)) return next;
        foreach (var key in new[] { token, "*" })
            if (_always.TryGetValue(key, out var always)) return always;
        return new ApnsReply(200);
    }

    private static string CheckPath(HttpRequest request, List<(int, string, string)> problems)
    {
        if (request.Method != "POST") problems.Add((405, "MethodNotAllowed", $"{request.Method} instead of POST"));
        var path = request.Path.Value ?? "";
        if (!path.StartsWith("/3/device/", StringComparison.Ordinal))
        {
            problems.Add((404, "BadPath", $"path '{path}' is not /3/device/{{token}}"));
            return "";
        }
        var token = path["/3/device/".Length..];
        if (token.Length < 64 || !token.All(char.IsAsciiHexDigit)) problems.Add((400, "BadDeviceToken", $"'{token}' is not a hex device token"));
        return token;
    }

    private (string? Jwt, JsonElement? Claims) CheckAuthentication(HttpContext ctx, Dictionary<string, string> headers, List<(int, string, string)> problems)
    {
        var authorization = headers.GetValueOrDefault("authorization");
        if (ClientThumbprint is not null)
        {
            var presented = ctx.Connection.ClientCertificate?.Thumbprint;
            if (presented is null) problems.Add((403, "MissingProviderToken", "no client certificate on the connection"));
            else if (!string.Equals(presented, ClientThumbprint, StringComparison.OrdinalIgnoreCase))
                problems.Add((403, "BadCertificate", $"client certificate {presented} is not the uploaded {ClientThumbprint}"));
            if (authorization is not null) problems.Add((403, "InvalidProviderToken", "a provider token on a certificate-authenticated connection"));
            return (null, null);
        }
        if (TokenKey is null) return (null, null);
        if (authorization is null || !authorization.StartsWith("bearer ", StringComparison.Ordinal))
        {
            problems.Add((403, "MissingProviderToken", $"authorization is '{authorization}', not 'bearer <jwt>'"));
            return (null, null);
        }
        var jwt = authorization["bearer ".Length..];
        var claims = VerifyJwt(jwt, problems);
        return (jwt, claims);
    }

    private JsonElement? VerifyJwt(string jwt, List<(int, string, string)> problems)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            problems.Add((403, "InvalidProviderToken", "not a JWS compact serialization"));
            return null;
        }
        JsonElement header, claims;
        byte[] signature;
        try
        {
            header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])).RootElement.Clone();
            claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1])).RootElement.Clone();
            signature = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            problems.Add((403, "InvalidProviderToken", $"undecodable token: {ex.Message}"));
            return null;
        }
        if (Str(header, "alg") != "ES256") problems.Add((403, "InvalidProviderToken", $"alg {Str(header, "alg")}, not ES256"));
        if (Str(header, "kid") != KeyId) problems.Add((403, "InvalidProviderToken", $"kid {Str(header, "kid")}, not {KeyId}"));
        if (Str(claims, "iss") != TeamId) problems.Add((403, "InvalidProviderToken", $"iss {Str(claims, "iss")}, not {TeamId}"));
        // JWS ES256 is r||s, 64 bytes; a DER signature (the .NET default) is the classic mistake.
        bool verified;
        lock (TokenKey!) // one key object may serve two mocks; ECDsa makes no promise about concurrent use
            verified = signature.Length == 64 && TokenKey.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), signature,
                HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        if (!verified)
            problems.Add((403, "InvalidProviderToken", $"the ES256 signature ({signature.Length} bytes) does not verify against the .p8's public key"));
        if (!claims.TryGetProperty("iat", out var iatValue) || !iatValue.TryGetInt64(out var iat))
            problems.Add((403, "InvalidProviderToken", "no numeric iat"));
        else
        {
            var now = Clock.GetUtcNow().ToUnixTimeSeconds();
            if (now - iat > 3600) problems.Add((403, "ExpiredProviderToken", $"iat is {now - iat}s old, over an hour"));
            if (iat - now > 300) problems.Add((403, "InvalidProviderToken", $"iat is {iat - now}s in the future"));
        }
        return claims;
    }

    private void CheckHeaders(Dictionary<string, string> h, List<(int, string, string)> problems)
    {
        var pushType = h.GetValueOrDefault("apns-push-type");
        if (pushType is null || !PushTypes.Contains(pushType)) problems.Add((400, "InvalidPushType", $"apns-push-type '{pushType}'"));
        var topic = h.GetValueOrDefault("apns-topic");
        var expected = pushType == "voip" ? Topic + ".voip" : Topic;
        if (topic is null) problems.Add((400, "MissingTopic", "no apns-topic"));
        else if (topic != expected) problems.Add((400, "DeviceTokenNotForTopic", $"apns-topic '{topic}', expected '{expected}'"));
        var priority = h.GetValueOrDefault("apns-priority");
        if (priority is not ("10" or "5" or "1") || (pushType == "background" && priority != "5"))
            problems.Add((400, "BadPriority", $"apns-priority '{priority}' for {pushType}"));
        if (h.GetValueOrDefault("apns-id") is not { } id || !UuidPattern().IsMatch(id))
            problems.Add((400, "BadMessageId", $"apns-id '{h.GetValueOrDefault("apns-id")}' is not a lowercase 8-4-4-4-12 UUID"));
        if (h.GetValueOrDefault("apns-expiration") is not { } expiration || !long.TryParse(expiration, out var e) || e < 0)
            problems.Add((400, "BadExpirationDate", $"apns-expiration '{h.GetValueOrDefault("apns-expiration")}'"));
        if (h.GetValueOrDefault("apns-collapse-id") is { } collapse && Encoding.UTF8.GetByteCount(collapse) > 64)
            problems.Add((400, "BadCollapseId", $"apns-collapse-id is {Encoding.UTF8.GetByteCount(collapse)} bytes"));
    }

    private static void CheckPayload(byte[] body, string? pushType, List<(int, string, string)> problems)
    {
        var limit = pushType == "voip" ? 5120 : 4096;
        if (body.Length > limit) problems.Add((413, "PayloadTooLarge", $"{body.Length} bytes, over {limit}"));
        if (body.Length == 0)
        {
            problems.Add((400, "PayloadEmpty", "no body"));
            return;
        }
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("aps", out var aps) || aps.ValueKind != JsonValueKind.Object)
                problems.Add((400, "PayloadEmpty", "no aps dictionary"));
        }
        catch (JsonException ex)
        {
            problems.Add((400, "PayloadEmpty", $"not JSON: {ex.Message}"));
        }
    }

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex UuidPattern();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
