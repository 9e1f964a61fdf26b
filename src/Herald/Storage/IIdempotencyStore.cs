namespace Herald.Storage;

/// <summary>
/// The answers kept for Idempotency-Key (per app and key): a row is reserved before the request runs,
/// then holds its 2xx answer, or is released when the answer was not a success. A row older than the
/// caller's window is as if absent; <see cref="DeleteExpiredIdempotencyKeysAsync"/> removes such rows.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>
    /// Reserves <paramref name="key"/> of the app for a request with <paramref name="requestHash"/>, at
    /// <paramref name="now"/>. A row made at or before <paramref name="expiredBefore"/> is out of its window
    /// and is replaced. Returns null when this call holds the reservation; otherwise the row that holds the key
    /// (still in progress while its answer is null). Atomic across nodes: of two racing calls one reserves.
    /// </summary>
    Task<IdempotencyRecord?> ReserveIdempotencyKeyAsync(string appId, string key, byte[] requestHash, long now, long expiredBefore, CancellationToken ct);

    /// <summary>
    /// Keeps the answer of the reservation made at <paramref name="reservedAt"/>; false when that reservation
    /// is gone (it expired and another request took the key).
    /// </summary>
    Task<bool> CompleteIdempotencyKeyAsync(string appId, string key, long reservedAt, IdempotentAnswer answer, CancellationToken ct);

    /// <summary>Removes the reservation made at <paramref name="reservedAt"/> if it is still in progress, so the key may be used again.</summary>
    Task ReleaseIdempotencyKeyAsync(string appId, string key, long reservedAt, CancellationToken ct);

    /// <summary>Deletes at most <paramref name="limit"/> of the app's rows made at or before <paramref name="expiredBefore"/>; returns how many.</summary>
    Task<int> DeleteExpiredIdempotencyKeysAsync(string appId, long expiredBefore, int limit, CancellationToken ct);
}

/// <summary>Who holds an Idempotency-Key: the request's hash, when it was reserved, and its answer once it has one.</summary>
public sealed record IdempotencyRecord(byte[] RequestHash, long CreatedAt, IdempotentAnswer? Answer);

/// <summary>A kept 2xx answer; the body is encrypted by the caller (it may hold a secret).</summary>
public sealed record IdempotentAnswer(int Status, string? ContentType, string? Location, byte[] ProtectedBody);
