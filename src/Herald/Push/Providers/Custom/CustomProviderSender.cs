using System.Net.Http.Headers;
using System.Text;
using Herald.Push.Credentials;
using Herald.Queue;
using Herald.Webhooks;
using Microsoft.Extensions.Options;

namespace Herald.Push.Providers.Custom;

/// <summary>
/// The custom provider: one HTTPS POST of the stored envelope per recipient, Basic Auth when the
/// credential has a user name, 2xx within the timeout (2 s) or the attempt failed and is retried on
/// the schedule. It goes through the same SSRF-guarded client as webhooks, and is signed as they are
/// (webhook-id = the delivery id, webhook-timestamp, webhook-signature with every live signing secret of
/// the credential), so a gateway can verify it with src/Herald.Webhooks instead of, or beside, Basic Auth.
/// </summary>
public sealed class CustomProviderSender(IHttpClientFactory clients, RetryPolicy retry, IOptions<CustomProviderOptions> options, TimeProvider time) : IPushProviderSender
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public string Provider => "custom";

    public async Task<PushSendResult> SendAsync(PushSendContext context, CancellationToken ct)
    {
        var details = context.Credential.Details;
        var body = Encoding.UTF8.GetBytes(context.Payload);
        using var request = new HttpRequestMessage(HttpMethod.Post, details.Url)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = Json } },
        };
        var now = time.GetUtcNow();
        // A credential stored before signing existed has no secret until it is rotated: sent unsigned, as it was.
        if (CredentialSigningSecrets.LiveKeys(context.Material, now.ToUnixTimeMilliseconds()) is { Count: > 0 } keys)
            WebhookSigner.AddHeaders(request, context.Job.Id, now.ToUnixTimeSeconds(), body, keys);
        if (details.Username is { } user)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{context.Material.Password}")));
        request.Headers.TryAddWithoutValidation("herald-delivery-id", context.Job.Id); // stable across retries: receivers can drop repeats
        request.Headers.UserAgent.ParseAdd("Herald-Push/1");
        var result = await HttpAttempt.SendAsync(clients.CreateClient(UrlGuard.ClientName), request, options.Value.CustomTimeoutValue, now, ct);
        return new PushSendResult(HttpAttempt.Outcome(context.Job, result, retry));
    }
}
