using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Herald.Webhooks.Tests;

internal sealed record Ping(long Test);

public sealed class AspNetCoreTests : IAsyncLifetime
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string MsgId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const string TimestampText = "1614265330";
    private const string Payload = """{"test": 2432232314}""";
    private const string ValidSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();

        // The spec test vector is from 2021, so pin the verifier's clock to its timestamp.
        var verifier = new WebhookVerifier(Secret, timeProvider: new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1614265330)));

        // Binds the JSON body as a parameter: proves verification ran before binding and left the body readable.
        _app.MapPost("/filtered", (Ping ping, HttpContext context) =>
                Results.Ok(new { ping.Test, Id = context.Features.Get<WebhookVerificationResult>()?.WebhookId }))
            .RequireStandardWebhookSignature(verifier);

        _app.MapPost("/manual", async (HttpRequest request) =>
        {
            var result = await request.VerifyStandardWebhookAsync(verifier, request.HttpContext.RequestAborted);
            using var reader = new StreamReader(request.Body);
            var reread = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
            return Results.Ok(new
            {
                result.Success,
                result.Error,
                Body = Encoding.UTF8.GetString(result.Body.Span),
                Reread = reread,
                result.WebhookId,
                result.Timestamp,
            });
        });

        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private static HttpRequestMessage Webhook(string path, string body, string? signature)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        message.Headers.Add("webhook-id", MsgId);
        message.Headers.Add("webhook-timestamp", TimestampText);
        if (signature is not null)
        {
            message.Headers.Add("webhook-signature", signature);
        }
        return message;
    }

    [Fact]
    public async Task Endpoint_accepts_correctly_signed_request_and_rejects_bad_one_with_401_problem()
    {
        using var good = await _client.SendAsync(Webhook("/filtered", Payload, ValidSignature));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        using var echoed = JsonDocument.Parse(await good.Content.ReadAsStringAsync());
        Assert.Equal(2432232314, echoed.RootElement.GetProperty("test").GetInt64());
        Assert.Equal(MsgId, echoed.RootElement.GetProperty("id").GetString());

        using var bad = await _client.SendAsync(Webhook("/filtered", """{"test": 1}""", ValidSignature));
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Equal("Invalid webhook signature", problem.GetProperty("title").GetString());
        Assert.Contains("No matching v1 signature", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        using var unsigned = await _client.SendAsync(Webhook("/filtered", Payload, signature: null));
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        var missing = await unsigned.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("webhook-signature", missing.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyStandardWebhookAsync_reports_result_and_leaves_body_readable()
    {
        using var good = await _client.SendAsync(Webhook("/manual", Payload, ValidSignature));
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        var ok = await good.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(ok.GetProperty("success").GetBoolean());
        Assert.Equal(JsonValueKind.Null, ok.GetProperty("error").ValueKind);
        Assert.Equal(Payload, ok.GetProperty("body").GetString());
        Assert.Equal(Payload, ok.GetProperty("reread").GetString());
        Assert.Equal(MsgId, ok.GetProperty("webhookId").GetString());
        Assert.Equal(1614265330, ok.GetProperty("timestamp").GetInt64());

        using var bad = await _client.SendAsync(Webhook("/manual", Payload, "v1,AAAA"));
        var failed = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(failed.GetProperty("success").GetBoolean());
        Assert.Contains("No matching v1 signature", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
