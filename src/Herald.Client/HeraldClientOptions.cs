namespace Herald.Client;

/// <summary>Where Herald is, the key to call it with, and how the client retries and splits batches.</summary>
public sealed class HeraldClientOptions
{
    /// <summary>Herald's base address, e.g. <c>http://localhost:8080/</c>. Needed unless the <see cref="HttpClient"/> has one.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>
    /// The API key sent as <c>Authorization: Bearer</c>: the root key for apps and keys, an app's admin key for its
    /// endpoints, devices and settings, an ingest key for events and channels. Null sends no Authorization header
    /// (the <see cref="HttpClient"/> may carry its own).
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Retries after the first attempt, on 429, 503, a 409 with Retry-After, a network error or a timeout. 0 turns retries off.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first backoff when Herald gives no Retry-After (it doubles per retry, with jitter).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest Retry-After the client waits for. A longer one is not retried: the call fails at once with the
    /// answer, rather than holding the caller for minutes.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Events per batch request: Herald's <c>Herald:Ingest:MaxBatchEvents</c> (default 1,000).</summary>
    public int MaxBatchEvents { get; set; } = 1000;

    /// <summary>Bytes per batch request body: Herald's <c>Herald:Ingest:MaxBatchBytes</c> (default 16 MB).</summary>
    public int MaxBatchBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Bytes per serialized event: Herald's <c>Herald:Ingest:MaxEventBytes</c> (default 256 KB).</summary>
    public int MaxEventBytes { get; set; } = 256 * 1024;

    internal void Validate()
    {
        if (MaxRetryAttempts < 0) throw new ArgumentException("MaxRetryAttempts must be 0 or more.", nameof(MaxRetryAttempts));
        if (RetryDelay <= TimeSpan.Zero || MaxRetryAfter < TimeSpan.Zero)
            throw new ArgumentException("RetryDelay must be positive and MaxRetryAfter not negative.", nameof(RetryDelay));
        // The same rule Herald applies to its own limits, plus room for the batch's own brackets.
        if (MaxBatchEvents < 1 || MaxEventBytes < 1 || MaxBatchBytes < MaxEventBytes + 16)
            throw new ArgumentException("The ingest limits must be positive and MaxBatchBytes larger than MaxEventBytes.", nameof(MaxBatchBytes));
    }
}
