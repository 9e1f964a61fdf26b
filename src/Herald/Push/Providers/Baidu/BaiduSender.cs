using System.Net.Http.Headers;
using Herald.Queue;
using Herald.Storage;
using Microsoft.Extensions.Options;

namespace Herald.Push.Providers.Baidu;

/// <summary>
/// Baidu Cloud Push REST 3.0: one signed, form-encoded push/single_device per device, each answer
/// mapped by <see cref="BaiduAnswer"/> to delivered, retry, dead or dead-and-prune.
/// </summary>
public sealed class BaiduSender(IHttpClientFactory clients, RetryPolicy retry, IOptions<BaiduOptions> options, TimeProvider time) : IPushProviderSender
{
    public const string ClientName = "baidu";

    // Baidu's REST reference asks for a User-Agent in its SDKs' form, "BCCS_SDK/3.0 (system) language/version (SDK)".
    private const string UserAgent = "BCCS_SDK/3.0 (Linux) dotnet/10 (Herald Push Server) Herald/1";
    private static readonly MediaTypeHeaderValue Form = new("application/x-www-form-urlencoded") { CharSet = "utf-8" };

    public string Provider => "baidu";

    public async Task<PushSendResult> SendAsync(PushSendContext context, CancellationToken ct)
    {
        var job = context.Job;
        var started = time.GetUtcNow();
        if (context.Device is not { } device || context.Material is not { ApiKey: { } apiKey, SecretKey: { } secretKey })
            return Result(job, new HttpAttemptResult(started, 0, null, "a Baidu push needs a device and the credential's API key and secret key", null, null),
                new BaiduAnswer(BaiduVerdict.Dead, null));

        var url = options.Value.SingleDeviceUrl;
        var form = BaiduMessage.Form(apiKey, device, context.Payload, started);
        form.Add(new("sign", BaiduSigner.Sign("POST", url, form, secretKey)));
        using var content = new FormUrlEncodedContent(form);
        content.Headers.ContentType = Form;
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        var r = await HttpAttempt.SendAsync(clients.CreateClient(ClientName), request, options.Value.RequestTimeoutValue, started, ct);
        return Result(job, r, BaiduAnswer.Read(r));
    }

    private PushSendResult Result(ClaimedDelivery job, HttpAttemptResult r, BaiduAnswer answer)
    {
        var delivered = answer.Verdict == BaiduVerdict.Delivered;
        var error = delivered ? null : answer.Error ?? r.Error;
        var attempt = new AttemptRecord(job.AttemptCount + 1, r.Started.ToUnixTimeMilliseconds(), r.DurationMs, r.Status,
            delivered ? "succeeded" : "failed", error, r.Snippet, delivered ? null : answer.Code);
        if (delivered) return new(new DeliveryOutcome(job.Seq, OutcomeKind.Succeeded, r.EndMs, null, attempt, null));
        if (answer.Verdict == BaiduVerdict.Dead) return new(new DeliveryOutcome(job.Seq, OutcomeKind.Dead, r.EndMs, null, attempt, error), answer.Prune);
        return retry.NextDelay(job.ScheduleIndex, r.RetryAfter) is { } delay
            ? new(new DeliveryOutcome(job.Seq, OutcomeKind.Retry, r.EndMs, r.EndMs + (long)delay.TotalMilliseconds, attempt, error))
            : new(new DeliveryOutcome(job.Seq, OutcomeKind.Dead, r.EndMs, null, attempt, $"{error} (gave up after {retry.MaxAttempts} attempts)"));
    }
}
