using System.Collections.Concurrent;
using System.Globalization;
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

namespace Herald.Tests.Push.Providers.Baidu;

/// <summary>One push/single_device the mock accepted: the form fields and the parsed msg.</summary>
public sealed record BaiduPush(IReadOnlyDictionary<string, string> Form, JsonElement Msg)
{
    public string ChannelId => Form["channel_id"];
}

/// <summary>
/// Baidu Cloud Push REST 3.0 on 127.0.0.1 (a free port), under /rest/3.0 like Baidu's host. It
/// recomputes every request's sign with its own copy of Baidu's algorithm (not Herald's signer) and
/// checks the API key, timestamp/expires, device_type, channel_id, msg_type, msg and msg_expires.
/// A check that fails is recorded in <see cref="Problems"/> and answered as Baidu would (30602 /
/// 30603); otherwise it answers success or the error code <see cref="Respond"/> gives.
/// </summary>
public sealed class BaiduMock : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _pushes;

    public string ApiKey { get; }
    public string SecretKey { get; }
    public string BaseUrl { get; private set; } = "";
    public ConcurrentQueue<BaiduPush> Pushes { get; } = new();
    public ConcurrentQueue<string> Problems { get; } = new();

    /// <summary>The Baidu error code for the n-th accepted push (0-based); null for success.</summary>
    public Func<int, BaiduPush, int?> Respond { get; set; } = (_, _) => null;

    private BaiduMock(WebApplication app, string apiKey, string secretKey)
    {
        _app = app;
        ApiKey = apiKey;
        SecretKey = secretKey;
    }

    public static async Task<BaiduMock> StartAsync(string apiKey = TestCredentials.BaiduApiKey, string secretKey = TestCredentials.BaiduSecretKey)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var mock = new BaiduMock(app, apiKey, secretKey);
        app.MapPost("/rest/3.0/push/single_device", (Delegate)mock.SingleDeviceAsync);
        await app.StartAsync();
        mock.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/rest/3.0";
        return mock;
    }

    private async Task<IResult> SingleDeviceAsync(HttpContext http)
    {
        var form = (await http.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string? Check()
        {
            if (!http.Request.ContentType!.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal)) return $"content type {http.Request.ContentType}";
            if (!http.Request.Headers.UserAgent.ToString().StartsWith("BCCS_SDK/3.0", StringComparison.Ordinal)) return $"User-Agent {http.Request.Headers.UserAgent}";
            foreach (var field in new[] { "apikey", "timestamp", "expires", "device_type", "channel_id", "msg_type", "msg", "msg_expires", "sign" })
                if (!form.ContainsKey(field)) return $"{field} is missing";
            if (form["apikey"] != ApiKey) return "apikey";
            if (form["sign"] != ExpectedSign("POST", BaseUrl + "/push/single_device", form, SecretKey)) return "sign";
            if (Math.Abs(long.Parse(form["timestamp"], CultureInfo.InvariantCulture) - now) > 300) return "timestamp is not now";
            if (long.Parse(form["expires"], CultureInfo.InvariantCulture) <= now) return "expires is past";
            if (form["device_type"] != "3") return "device_type is not 3 (Android)";
            if (form["msg_type"] != "1") return "msg_type is not 1 (notification)";
            if (int.Parse(form["msg_expires"], CultureInfo.InvariantCulture) is < 1 or > 604_800) return "msg_expires out of 1..604800";
            using var msg = JsonDocument.Parse(form["msg"]);
            if (msg.RootElement.GetProperty("title").ValueKind != JsonValueKind.String || msg.RootElement.GetProperty("description").ValueKind != JsonValueKind.String)
                return "msg has no title and description";
            foreach (var field in msg.RootElement.GetProperty("custom_content").EnumerateObject())
                if (field.Value.ValueKind != JsonValueKind.String) return $"custom_content.{field.Name} is not a string";
            return null;
        }

        var requestId = Random.Shared.NextInt64(1_000_000_000, 9_999_999_999);
        if (Check() is { } problem)
        {
            Problems.Enqueue(problem);
            var code = problem is "apikey" or "sign" ? 30603 : 30602;
            return Results.Json(new { request_id = requestId, error_code = code, error_msg = code == 30603 ? "Authentication Failed" : "Request Params Not Valid" }, statusCode: code == 30603 ? 401 : 400);
        }
        var push = new BaiduPush(form, JsonDocument.Parse(form["msg"]).RootElement.Clone());
        Pushes.Enqueue(push);
        return Respond(Interlocked.Increment(ref _pushes) - 1, push) switch
        {
            null => Results.Json(new { request_id = requestId, response_params = new { msg_id = "24234532453245", send_time = now } }),
            30603 => Results.Json(new { request_id = requestId, error_code = 30603, error_msg = "Authentication Failed" }, statusCode: 401),
            30608 => Results.Json(new { request_id = requestId, error_code = 30608, error_msg = "Bind Relation Not Found" }, statusCode: 404),
            30600 => Results.Json(new { request_id = requestId, error_code = 30600, error_msg = "Internal Server Error" }, statusCode: 500),
            var other => Results.Json(new { request_id = requestId, error_code = other, error_msg = "error" }, statusCode: 400),
        };
    }

    /// <summary>Baidu's sign, written out independently: md5(urlencode(METHOD + url + sorted k=v + secret)) with PHP's urlencode.</summary>
    public static string ExpectedSign(string method, string url, IReadOnlyDictionary<string, string> form, string secret)
    {
        var text = method + url + string.Concat(form.Where(f => f.Key != "sign").OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "=" + f.Value)) + secret;
        var encoded = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            encoded.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c.ToString() : c == ' ' ? "+" : "%" + b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return Convert.ToHexStringLower(MD5.HashData(Encoding.ASCII.GetBytes(encoded.ToString())));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
