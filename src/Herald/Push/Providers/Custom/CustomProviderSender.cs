using System.Net.Http.Headers;
using System.Text;
using Herald.Queue;
using Herald.Webhooks;
using Microsoft.Extensions.Options;

namespace Herald.Push.Providers.Custom;

/// <summary>
/// The custom provider: one HTTPS POST of the stored envelope per recipient, Basic Auth when the
/// credential has a user name, 2xx within the timeout (2 s) or the attempt failed and is retried on
/// the schedule. It goes through the same SSRF-guarded client as webhooks.
/// </summary>
public sealed class CustomProviderSender(IHttpClientFactory clients, RetryPolicy retry, IOptions<CustomProviderOptions> options, TimeProvider time) : IPushProviderSender
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public string Provider => "custom";

    public async Task<PushSendResult> SendAsync(PushSendContext context, CancellationToken ct)
    {
        var details = context.Credential.Details;
        using var request = new HttpRequestMessage(HttpMethod.Post, details.Url)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(context.Payload)) { Headers = { ContentType = Json } },
        };
        if (details.Username is { } user)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{context.Material.Password}")));
        request.Headers.TryAddWithoutValidation("herald-delivery-id", context.Job.Id); // stable across retries: receivers can drop repeats
        request.Headers.UserAgent.ParseAdd("Herald-Push/1");
        var result = await HttpAttempt.SendAsync(clients.CreateClient(UrlGuard.ClientName), request, options.Value.CustomTimeoutValue, time.GetUtcNow(), ct);
        return new PushSendResult(HttpAttempt.Outcome(context.Job, result, retry));
    }
}
