using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Herald.Tests.Push.Providers.Fcm;

/// <summary>One messages:send the mock accepted for checking: the project in the path, the device token, the whole body.</summary>
public sealed record FcmSent(string Project, string Token, JsonElement Message);

/// <summary>An answer the mock gives: status, JSON body, Retry-After seconds.</summary>
public sealed record FcmReply(int Status, string Body, int? RetryAfter = null)
{
    public static FcmReply Ok(string project, int n) => new(200, $$"""{"name":"projects/{{project}}/messages/{{1000 + n}}"}""");

    public static FcmReply Error(int status, string canonical, string? fcmCode, string message, int? retryAfter = null) => new(status,
        JsonSerializer.Serialize(new
        {
            error = new
            {
                code = status, message, status = canonical,
                details = fcmCode is null ? [] : new object[] { new Dictionary<string, string> { ["@type"] = "type.googleapis.com/google.firebase.fcm.v1.FcmError", ["errorCode"] = fcmCode } },
            },
        }), retryAfter);

    public static FcmReply Unregistered => Error(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found.");
    public static FcmReply InvalidArgument => Error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", "Invalid JSON payload received. Unknown name \"colour\"");
    public static FcmReply SenderIdMismatch => Error(403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH", "SenderId mismatch");
    public static FcmReply ThirdPartyAuth => Error(401, "UNAUTHENTICATED", "THIRD_PARTY_AUTH_ERROR", "Auth error from APNS or Web Push Service");
    public static FcmReply Unauthenticated => Error(401, "UNAUTHENTICATED", null, "Request had invalid authentication credentials.");
    public static FcmReply QuotaExceeded => Error(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "Quota exceeded for quota metric 'Send requests'");
    public static FcmReply Unavailable(int retryAfter) => Error(503, "UNAVAILABLE", "UNAVAILABLE", "The service is currently unavailable.", retryAfter);
}

/// <summary>
/// FCM on 127.0.0.1 (a free port): the OAuth token endpoint of a service account (it verifies the
/// RS256 assertion against the account's public key, and iss, scope, aud, iat, exp) and the v1
/// messages:send API (it verifies the bearer is one it issued, the project, and the message's
/// shape: a token, data values that are all strings, a notification or android.notification).
/// Anything wrong is recorded in <see cref="Problems"/> and answered as Google would.
/// </summary>
public sealed class FcmMock : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RSA _publicKey;
    private readonly ConcurrentDictionary<string, bool> _issued = new(StringComparer.Ordinal);
    private int _tokenRequests, _sends;

    public string ClientEmail { get; }
    public string ProjectId { get; }
    public string BaseUrl { get; private set; } = "";
    public string TokenUrl => BaseUrl + "/token";
    public ConcurrentQueue<FcmSent> Sent { get; } = new();
    public ConcurrentQueue<string> Problems { get; } = new();
    public int TokenRequests => _tokenRequests;

    /// <summary>The answer to the n-th send (0-based) that passed the checks; default 200 with a message name.</summary>
    public Func<int, FcmSent, FcmReply> Respond { get; set; }

    /// <summary>When set, the token endpoint answers this instead of a token (e.g. invalid_grant).</summary>
    public (int Status, string Body)? TokenFailure { get; set; }

    /// <summary>The clock the assertion's iat/exp are judged by (tests with a FakeTimeProvider move it).</summary>
    public Func<DateTimeOffset> Now { get; set; } = () => DateTimeOffset.UtcNow;

    private FcmMock(WebApplication app, string privateKeyPem, string clientEmail, string projectId)
    {
        _app = app;
        _publicKey = RSA.Create();
        using (var key = RSA.Create())
        {
            key.ImportFromPem(privateKeyPem);
            _publicKey.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
        }
        ClientEmail = clientEmail;
        ProjectId = projectId;
        Respond = (n, _) => FcmReply.Ok(ProjectId, n);
    }

    public static async Task<FcmMock> StartAsync(
        string privateKeyPem, string clientEmail = "herald-push@herald-test-project.iam.gserviceaccount.com", string projectId = "herald-test-project")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var mock = new FcmMock(app, privateKeyPem, clientEmail, projectId);
        app.MapPost("/token", (Delegate)mock.TokenAsync);
        app.MapPost("/v1/projects/{project}/{action}", mock.SendAsync);
        await app.StartAsync();
        mock.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return mock;
    }

    /// <summary>A service account JSON whose token_uri is this mock's.</summary>
    public string ServiceAccountJson() => TestCredentials.ServiceAccountJson(f =>
    {
        f["token_uri"] = TokenUrl;
        f["client_email"] = ClientEmail;
        f["project_id"] = ProjectId;
    });

    private async Task<IResult> TokenAsync(HttpContext http)
    {
        Interlocked.Increment(ref _tokenRequests);
        var form = await http.Request.ReadFormAsync();
        if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer")
            return TokenProblem($"grant_type is '{form["grant_type"]}'");
        if (VerifyAssertion(form["assertion"].ToString()) is { } problem) return TokenProblem(problem);
        if (TokenFailure is { } failure) return Results.Text(failure.Body, "application/json", statusCode: failure.Status);
        var token = "ya29.mock-" + Guid.NewGuid().ToString("N");
        _issued[token] = true;
        return Results.Json(new { access_token = token, expires_in = 3600, token_type = "Bearer" });
    }

    private IResult TokenProblem(string problem)
    {
        Problems.Enqueue("token: " + problem);
        return Results.Json(new { error = "invalid_grant", error_description = problem }, statusCode: 400);
    }

    private string? VerifyAssertion(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3) return "the assertion is not a JWS compact serialization";
        using var header = JsonDocument.Parse(Base64Url(parts[0]));
        if (header.RootElement.GetProperty("alg").GetString() != "RS256") return "alg is not RS256";
        if (!_publicKey.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            return "Invalid JWT Signature.";
        using var claims = JsonDocument.Parse(Base64Url(parts[1]));
        var c = claims.RootElement;
        if (c.GetProperty("iss").GetString() != ClientEmail) return $"iss is {c.GetProperty("iss")}";
        if (c.GetProperty("scope").GetString() != "https://www.googleapis.com/auth/firebase.messaging") return $"scope is {c.GetProperty("scope")}";
        if (c.GetProperty("aud").GetString() != TokenUrl) return $"aud is {c.GetProperty("aud")}, not the token_uri {TokenUrl}";
        var iat = c.GetProperty("iat").GetInt64();
        var exp = c.GetProperty("exp").GetInt64();
        if (Math.Abs(iat - Now().ToUnixTimeSeconds()) > 300) return "iat is not now";
        if (exp - iat is <= 0 or > 3600) return "exp is not within an hour of iat";
        return null;
    }

    private async Task<IResult> SendAsync(HttpContext http, string project, string action)
    {
        if (action != "messages:send") return Results.NotFound();
        var auth = http.Request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer ", StringComparison.Ordinal) || !_issued.ContainsKey(auth[7..]))
            return Reply(http, FcmReply.Unauthenticated, "send: the bearer is not a token the mock issued");
        if (project != ProjectId) return Reply(http, FcmReply.Error(403, "PERMISSION_DENIED", null, "Permission denied"), $"send: project {project}");
        using var doc = await JsonDocument.ParseAsync(http.Request.Body);
        var message = doc.RootElement.Clone().GetProperty("message");
        if (ShapeProblem(message) is { } problem) return Reply(http, FcmReply.Error(400, "INVALID_ARGUMENT", "INVALID_ARGUMENT", problem), "send: " + problem);
        var sent = new FcmSent(project, message.GetProperty("token").GetString()!, message);
        Sent.Enqueue(sent);
        return Reply(http, Respond(Interlocked.Increment(ref _sends) - 1, sent), null);
    }

    private static string? ShapeProblem(JsonElement m)
    {
        if (!m.TryGetProperty("token", out var token) || string.IsNullOrEmpty(token.GetString())) return "message.token is missing";
        if (m.TryGetProperty("data", out var data))
            foreach (var field in data.EnumerateObject())
                if (field.Value.ValueKind != JsonValueKind.String)
                    return $"Invalid value at 'message.data[{field.Name}].value' (TYPE_STRING), {field.Value.GetRawText()}";
        var hasNotification = m.TryGetProperty("notification", out var n) && n.TryGetProperty("title", out _) && n.TryGetProperty("body", out _);
        var hasKeys = m.TryGetProperty("android", out var a) && a.TryGetProperty("notification", out var an) &&
                      (an.TryGetProperty("title_loc_key", out _) || an.TryGetProperty("body_loc_key", out _));
        if (!hasNotification && !hasKeys) return "neither notification {title, body} nor android.notification loc keys";
        if (!m.TryGetProperty("android", out var android)) return "message.android is missing";
        if (android.GetProperty("priority").GetString() is not ("high" or "normal")) return "android.priority is not high or normal";
        var ttl = android.GetProperty("ttl").GetString()!;
        if (!ttl.EndsWith('s') || !long.TryParse(ttl[..^1], out _)) return $"android.ttl '{ttl}' is not a duration in seconds";
        return null;
    }

    private IResult Reply(HttpContext http, FcmReply reply, string? problem)
    {
        if (problem is not null) Problems.Enqueue(problem);
        if (reply.RetryAfter is { } seconds) http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Text(reply.Body, "application/json", statusCode: reply.Status);
    }

    private static byte[] Base64Url(string s)
    {
        s = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s + new string('=', (4 - s.Length % 4) % 4));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _publicKey.Dispose();
    }
}
