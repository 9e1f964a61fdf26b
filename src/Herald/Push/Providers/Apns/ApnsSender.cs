using System.Globalization;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text;
using Herald.Kernel;
using Herald.Push.Credentials;
using Herald.Queue;
using Herald.Storage;
using Microsoft.Extensions.Options;

namespace Herald.Push.Providers.Apns;

/// <summary>
/// Apple Push Notification service: one HTTP/2 POST /3/device/{token} per push, to the production or
/// sandbox host by the credential's environment, with a cached ES256 provider token (token auth) or
/// over connections that present the .p12 (certificate auth). The delivery id goes as apns-id, so
/// Apple's records and Herald's name the same push.
/// </summary>
public sealed partial class ApnsSender(
    ApnsClients clients, ApnsTokenCache tokens, RetryPolicy retry, IOptions<ApnsOptions> options, TimeProvider time, ILogger<ApnsSender> logger)
    : IPushProviderSender
{
    private const int SnippetChars = 1024;
    private readonly Uri _production = options.Value.BaseFor(CredentialKinds.Production), _sandbox = options.Value.BaseFor(CredentialKinds.Sandbox);
    private readonly TimeSpan _timeout = options.Value.RequestTimeoutValue;

    public string Provider => "apns";

    public async Task<PushSendResult> SendAsync(PushSendContext context, CancellationToken ct)
    {
        var job = context.Job;
        var now = time.GetUtcNow();
        if (context.Device is not { } device)
            return Refused(job, now, "an APNs push needs a registered device; this job has none");
        var push = ApnsPayload.Build(context.Payload, out var tooLarge);
        if (push is null) return Refused(job, now, tooLarge!);

        var credential = context.Credential;
        var baseUri = credential.Environment == CredentialKinds.Sandbox ? _sandbox : _production;
        var topic = TopicFor(credential.Details.Topic ?? "", push);
        ApnsToken? token;
        HttpMessageInvoker invoker;
        try
        {
            token = IsTokenAuth(credential) ? await tokens.GetAsync(credential, context.Material, ct) : null;
            invoker = clients.For(credential, context.Material, baseUri);
        }
        catch (Exception ex) when (ex is CryptographicException or InvalidOperationException)
        {
            return Refused(job, now, $"the credential's {(IsTokenAuth(credential) ? ".p8 key" : ".p12 certificate")} could not be used ({ex.Message}); upload it again under Settings → Push notifications → Certificates.");
        }

        using var request = Request(baseUri, device.Token, push, topic, token, job.Id, now);
        var answer = await PostAsync(invoker, request, baseUri, now, ct);
        var facts = new ApnsFacts(credential, device, topic, baseUri.Authority);
        var (verdict, error) = ApnsResponses.Classify(answer, facts);
        if (verdict == ApnsVerdict.TokenExpired)
        {
            (answer, error) = await ExpiredAsync(credential, context.Material, token, answer, error!, ct);
            verdict = ApnsVerdict.Retry;
        }
        if (verdict == ApnsVerdict.Permanent) LogRefused(logger, job.Id, credential.Id, error ?? "");
        return ApnsResponses.Outcome(job, answer, verdict, error, retry);
    }

    private static bool IsTokenAuth(CredentialRecord c) => c.Details.AuthKind != "certificate";

    /// <summary>VoIP pushes go to the app's VoIP topic; a credential whose topic already names it is taken as it is.</summary>
    private static string TopicFor(string topic, ApnsPush push) =>
        push.IsVoip && !topic.EndsWith(".voip", StringComparison.Ordinal) ? topic + ".voip" : topic;

    private static HttpRequestMessage Request(Uri baseUri, string deviceToken, ApnsPush push, string topic, ApnsToken? token, string deliveryId, DateTimeOffset now)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, "3/device/" + deviceToken))
        {
            // Exact 2.0: on https it is negotiated by ALPN; on http:// it is h2c with prior knowledge (test servers).
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(push.Body),
        };
        var h = request.Headers;
        if (token is not null) h.TryAddWithoutValidation("authorization", "bearer " + token.Jwt);
        h.TryAddWithoutValidation("apns-topic", topic);
        h.TryAddWithoutValidation("apns-push-type", push.PushType);
        h.TryAddWithoutValidation("apns-priority", push.Priority.ToString(CultureInfo.InvariantCulture));
        // 0 = deliver now or never (a ringing call is useless later); otherwise APNs stores it until then.
        h.TryAddWithoutValidation("apns-expiration", push.TtlSeconds == 0 ? "0"
            : (now + TimeSpan.FromSeconds(push.TtlSeconds)).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        if (push.CollapseId is { } collapse) h.TryAddWithoutValidation("apns-collapse-id", collapse);
        if (ApnsId(deliveryId) is { } id) h.TryAddWithoutValidation("apns-id", id);
        return request;
    }

    /// <summary>"msg_0193…" → the canonical lowercase UUID APNs wants; null (APNs picks one) for an id of another shape.</summary>
    internal static string? ApnsId(string deliveryId)
    {
        var separator = deliveryId.IndexOf('_', StringComparison.Ordinal);
        return Guid.TryParse(deliveryId.AsSpan(separator + 1), out var guid) ? guid.ToString("D") : null;
    }

    private async Task<ApnsAnswer> PostAsync(HttpMessageInvoker invoker, HttpRequestMessage request, Uri baseUri, DateTimeOffset started, CancellationToken ct)
    {
        var t0 = time.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(_timeout);
        try
        {
            using var response = await invoker.SendAsync(request, deadline.Token);
            // A 200 from APNs has no body: not reading one saves a reader per push.
            var body = response.StatusCode == HttpStatusCode.OK ? null : await ReadSnippetAsync(response, deadline.Token);
            var apnsId = response.Headers.TryGetValues("apns-id", out var ids) ? ids.FirstOrDefault() : null;
            return new ApnsAnswer(started, Elapsed(t0), (int)response.StatusCode, ApnsAnswer.ParseBody(body).Reason, apnsId, body,
                RetryAfterOf(response, started), null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Failed($"no answer from APNs at {baseUri.Authority} within {Durations.Format(_timeout)}; retrying later");
        }
        catch (HttpRequestException ex)
        {
            var inner = ex.InnerException is { } i ? $" ({i.Message})" : "";
            var hint = ex.InnerException is AuthenticationException
                ? ". The TLS handshake failed: if this is a test server, trust its CA with Herald:Push:Apns:TrustedCaFile"
                : "";
            return Failed($"could not reach APNs at {baseUri.Authority}: {ex.Message}{inner}{hint}; retrying later");
        }

        ApnsAnswer Failed(string error) => new(started, Elapsed(t0), null, null, null, null, null, error);
    }

    private double Elapsed(long t0) => time.GetElapsedTime(t0).TotalMilliseconds;

    /// <summary>
    /// A new token when the rule allows one (the retry carries it); otherwise the current one is kept,
    /// the retry waits until a new one may be made, and the error points at the likely cause: this
    /// server's clock, since a token that young cannot really be over an hour old.
    /// </summary>
    private async Task<(ApnsAnswer, string)> ExpiredAsync(CredentialRecord credential, CredentialMaterial material, ApnsToken? token, ApnsAnswer answer, string error, CancellationToken ct)
    {
        if (token is null) return (answer, $"{error} though this credential uses a certificate; retrying later.");
        var refresh = await tokens.OnExpiredAsync(credential, material, token.Jwt, ct);
        if (refresh.Refreshed)
        {
            LogTokenRefreshed(logger, credential.Id, refresh.Age.TotalMinutes);
            return (answer, $"{error}; a new token was made and the push is retried with it.");
        }
        var wait = refresh.NextAllowed - time.GetUtcNow();
        return (answer with { RetryAfter = wait > TimeSpan.Zero ? wait : TimeSpan.Zero },
            $"{error}, yet it is only {refresh.Age.TotalMinutes:0} minute(s) old: this server's clock is probably off (check NTP), since APNs " +
            $"rejects tokens issued over an hour ago. Apple refuses new tokens more often than every 20 minutes, so the next one is made at " +
            $"{refresh.NextAllowed:HH:mm} UTC; retrying.");
    }

    private static PushSendResult Refused(ClaimedDelivery job, DateTimeOffset now, string error) =>
        new(new DeliveryOutcome(job.Seq, OutcomeKind.Dead, now.ToUnixTimeMilliseconds(), null, null, error));

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response, DateTimeOffset now) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>APNs answers with a few bytes of JSON; anything else (a wrong URL) is cut to 1 KB for the attempt log.</summary>
    private static async Task<string?> ReadSnippetAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength == 0) return null;
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var buffer = new char[SnippetChars];
        var n = await reader.ReadBlockAsync(buffer, ct);
        return n == 0 ? null : new string(buffer, 0, n);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "APNs refused push {DeliveryId} sent with credential {CredentialId}: {Error}")]
    private static partial void LogRefused(ILogger logger, string deliveryId, string credentialId, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "APNs called the provider token of credential {CredentialId} expired; made a new one (the old was {AgeMinutes:0} minutes old)")]
    private static partial void LogTokenRefreshed(ILogger logger, string credentialId, double ageMinutes);
}
