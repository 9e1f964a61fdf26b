using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Polly;

namespace Herald.Client;

/// <summary>
/// A client for Herald's <c>/v1</c> API. Every call retries on 429, 503 and network errors, waiting as Herald's
/// Retry-After says; every POST but ingest carries one Idempotency-Key for all its attempts; an error answer
/// throws <see cref="HeraldApiException"/> with Herald's problem. Thread-safe: share one instance.
/// </summary>
public sealed partial class HeraldClient
{
    private const string IdempotencyKeyHeader = "Idempotency-Key";

    private readonly HttpClient _http;
    private readonly Uri _base;
    private readonly string? _apiKey;
    private readonly HeraldClientOptions _options;
    private readonly ResiliencePipeline<HttpResponseMessage> _retry;

    /// <summary>A client over <paramref name="httpClient"/>, which the caller owns (it is not disposed here).</summary>
    /// <param name="httpClient">The HTTP client; its <see cref="HttpClient.BaseAddress"/> is used when the options give none.</param>
    /// <param name="options">The base address, key, retries and ingest limits; null for the defaults.</param>
    /// <param name="timeProvider">The clock the retries wait on (a fake one in tests); null for the system clock.</param>
    /// <exception cref="ArgumentException">Neither the options nor the client give a base address, or an option is out of range.</exception>
    public HeraldClient(HttpClient httpClient, HeraldClientOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _http = httpClient;
        _options = options ?? new HeraldClientOptions();
        _options.Validate();
        var baseAddress = _options.BaseAddress ?? httpClient.BaseAddress
            ?? throw new ArgumentException("Give Herald's address: HeraldClientOptions.BaseAddress or the HttpClient's BaseAddress.", nameof(options));
        // A trailing slash, so that relative paths land under a base such as http://host/herald.
        _base = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        _apiKey = _options.ApiKey;
        _retry = HeraldRetry.Build(_options, timeProvider ?? TimeProvider.System);
    }

    private static string E(string segment)
    {
        ArgumentException.ThrowIfNullOrEmpty(segment);
        return Uri.EscapeDataString(segment);
    }

    private static Func<HttpContent> Json<T>(T body, JsonTypeInfo<T> type) => () => JsonContent.Create(body, type);

    /// <summary>Sends one call through the retries; the request is rebuilt per attempt (a sent one cannot be sent again).</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Func<HttpContent>? body, CancellationToken ct, bool ingest = false)
    {
        // One key per call, the same on every attempt: a retry after a lost answer then gets the first answer back
        // instead of making a second endpoint or key. Ingest takes no key: its event ids do that job.
        var key = method == HttpMethod.Post && !ingest ? Guid.NewGuid().ToString() : null;
        var state = (Self: this, Method: method, Uri: new Uri(_base, path), Body: body, Key: key);
        var response = await _retry.ExecuteAsync(static async (s, token) =>
        {
            using var request = new HttpRequestMessage(s.Method, s.Uri) { Content = s.Body?.Invoke() };
            if (s.Self._apiKey is { } apiKey) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            if (s.Key is not null) request.Headers.Add(IdempotencyKeyHeader, s.Key);
            return await s.Self._http.SendAsync(request, token).ConfigureAwait(false);
        }, state, ct).ConfigureAwait(false);
        if (response.IsSuccessStatusCode) return response;
        using (response) throw await ErrorAsync(response, ct).ConfigureAwait(false);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, Func<HttpContent>? body, JsonTypeInfo<T> answer, CancellationToken ct, bool ingest = false)
    {
        using var response = await SendAsync(method, path, body, ct, ingest).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync(answer, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{method} {path}: Herald answered {(int)response.StatusCode} with no body.");
    }

    private async Task SendNoAnswerAsync(HttpMethod method, string path, Func<HttpContent>? body, CancellationToken ct)
    {
        using var response = await SendAsync(method, path, body, ct).ConfigureAwait(false);
    }

    private static async Task<HeraldApiException> ErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        HeraldProblem? problem = null;
        try
        {
            if (await response.Content.ReadFromJsonAsync(HeraldJsonContext.Default.ProblemBody, ct).ConfigureAwait(false) is { } p)
                problem = new HeraldProblem(p.Type, p.Title, p.Status, p.Detail, p.Field ?? p.Errors?.Keys.FirstOrDefault(), p.Errors);
        }
        catch (JsonException)
        {
            // Not a problem document (an empty body, a proxy's HTML page): the status alone is all there is.
        }
        return new HeraldApiException(response.StatusCode, problem);
    }
}
