using System.Net;
using System.Net.Http.Headers;
using Herald.Queue;
using Herald.Storage;
using Microsoft.Extensions.Options;

namespace Herald.Push.Providers.Fcm;

/// <summary>
/// FCM HTTP v1: one messages:send per device with the credential's OAuth access token, over a
/// pooled HTTP/2 client, each answer mapped by <see cref="FcmAnswer"/> to delivered, retry, dead or
/// dead-and-prune.
/// </summary>
public sealed class FcmSender(IHttpClientFactory clients, FcmAccessTokens tokens, RetryPolicy retry, IOptions<FcmOptions> options, TimeProvider time)
    : IPushProviderSender
{
    public const string ClientName = "fcm";
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public string Provider => "fcm";

    public async Task<PushSendResult> SendAsync(PushSendContext context, CancellationToken ct)
    {
        var job = context.Job;
        var started = time.GetUtcNow();
        var startedTicks = time.GetTimestamp();
        if (context.Device is not { } device)
            return Result(job, Failed(started, time.GetElapsedTime(startedTicks), "an FCM push needs a device; this job has none"), new(FcmVerdict.Dead, null));
        var projectId = context.Credential.Details.ProjectId ?? "";

        FcmAccessTokens.AccessToken token;
        try
        {
            token = await tokens.GetAsync(context.Credential, context.Material, ct);
        }
        catch (FcmTokenException ex)
        {
            var verdict = new FcmAnswer(ex.Permanent ? FcmVerdict.Dead : FcmVerdict.Retry, ex.Message);
            return Result(job, Failed(started, time.GetElapsedTime(startedTicks), ex.Message), verdict);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, options.Value.SendUrl(projectId))
        {
            Content = new ByteArrayContent(FcmMessage.Build(device, context.Payload, started)) { Headers = { ContentType = Json } },
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower, // HTTP/2 to Google; an http:// test mock gets HTTP/1.1
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        var r = await HttpAttempt.SendAsync(clients.CreateClient(ClientName), request, options.Value.RequestTimeoutValue, started, ct);
        var answer = FcmAnswer.Read(r, projectId);
        if (answer.DropToken) tokens.Invalidate(context.Credential, token);
        return Result(job, r, answer);
    }

    private static HttpAttemptResult Failed(DateTimeOffset started, TimeSpan took, string error) =>
        new(started, took.TotalMilliseconds, null, error, null, null);

    private PushSendResult Result(ClaimedDelivery job, HttpAttemptResult r, FcmAnswer answer)
    {
        var delivered = answer.Verdict == FcmVerdict.Delivered;
        var error = delivered ? null : answer.Error ?? r.Error;
        var attempt = new AttemptRecord(job.AttemptCount + 1, r.Started.ToUnixTimeMilliseconds(), r.DurationMs, r.Status,
            delivered ? "succeeded" : "failed", error, r.Snippet, delivered ? null : answer.Code);
        if (delivered) return new(new DeliveryOutcome(job.Seq, OutcomeKind.Succeeded, r.EndMs, null, attempt, null));
        if (answer.Verdict == FcmVerdict.Dead) return new(new DeliveryOutcome(job.Seq, OutcomeKind.Dead, r.EndMs, null, attempt, error), answer.Prune);
        if (retry.NextDelay(job.ScheduleIndex, r.RetryAfter) is not { } delay)
            return new(new DeliveryOutcome(job.Seq, OutcomeKind.Dead, r.EndMs, null, attempt, $"{error} (gave up after {retry.MaxAttempts} attempts)"));
        if (answer.MinDelay is { } min)
        {
            // Quota: at least the minimum, or FCM's Retry-After when longer (capped: a bogus header must not park the job for days).
            var asked = r.RetryAfter is { } ra ? TimeSpan.FromTicks(Math.Min(ra.Ticks, TimeSpan.FromHours(1).Ticks)) : TimeSpan.Zero;
            delay = TimeSpan.FromTicks(Math.Max(delay.Ticks, Math.Max(min.Ticks, asked.Ticks)));
        }
        return new(new DeliveryOutcome(job.Seq, OutcomeKind.Retry, r.EndMs, r.EndMs + (long)delay.TotalMilliseconds, attempt, error));
    }
}
