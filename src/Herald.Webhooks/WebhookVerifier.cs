using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Herald.Webhooks;

/// <summary>
/// Verifies Standard Webhooks signatures (https://www.standardwebhooks.com):
/// <c>webhook-signature</c> is <c>v1,base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}"))</c>.
/// Instances are immutable and thread-safe; create one per secret and reuse it.
/// </summary>
public sealed class WebhookVerifier
{
    /// <summary>Header carrying the unique message id (also the idempotency key).</summary>
    public const string IdHeader = "webhook-id";

    /// <summary>Header carrying the send time as Unix seconds.</summary>
    public const string TimestampHeader = "webhook-timestamp";

    /// <summary>Header carrying one or more space-delimited <c>v1,&lt;base64&gt;</c> signatures.</summary>
    public const string SignatureHeader = "webhook-signature";

    /// <summary>Default allowed clock skew, in both directions, as recommended by the spec.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private const string SecretPrefix = "whsec_";
    private const string VersionPrefix = "v1,";

    private readonly byte[] _key;
    private readonly TimeSpan _tolerance;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a verifier for <paramref name="secret"/>.</summary>
    /// <param name="secret"><c>whsec_&lt;base64&gt;</c>, or the bare base64 key.</param>
    /// <param name="tolerance">Maximum distance between the timestamp and now, past or future. Defaults to 5 minutes.</param>
    /// <param name="timeProvider">Clock used for the timestamp check. Defaults to <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException">The secret is empty or not valid base64, or the tolerance is negative.</exception>
    public WebhookVerifier(string secret, TimeSpan? tolerance = null, TimeProvider? timeProvider = null)
    {
        _key = DecodeSecret(secret);
        _tolerance = tolerance ?? DefaultTolerance;
        if (_tolerance < TimeSpan.Zero)
        {
            throw new ArgumentException("Tolerance must not be negative.", nameof(tolerance));
        }
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Verifies a webhook; throws <see cref="WebhookVerificationException"/> saying what is wrong.</summary>
    public void Verify(ReadOnlySpan<byte> body, string? webhookId, string? webhookTimestamp, string? webhookSignature)
    {
        if (!TryVerify(body, webhookId, webhookTimestamp, webhookSignature, out var error))
        {
            throw new WebhookVerificationException(error);
        }
    }

    /// <summary>Verifies a webhook whose body is text (it is signed as its UTF-8 bytes).</summary>
    public void Verify(string body, string? webhookId, string? webhookTimestamp, string? webhookSignature)
    {
        ArgumentNullException.ThrowIfNull(body);
        Verify(Encoding.UTF8.GetBytes(body), webhookId, webhookTimestamp, webhookSignature);
    }

    /// <summary>Verifies a webhook without throwing; <paramref name="error"/> explains a failure.</summary>
    public bool TryVerify(ReadOnlySpan<byte> body, string? webhookId, string? webhookTimestamp, string? webhookSignature, out string? error)
    {
        error = Check(body, webhookId, webhookTimestamp, webhookSignature);
        return error is null;
    }

    /// <summary>Verifies a text webhook without throwing; <paramref name="error"/> explains a failure.</summary>
    public bool TryVerify(string body, string? webhookId, string? webhookTimestamp, string? webhookSignature, out string? error)
    {
        ArgumentNullException.ThrowIfNull(body);
        return TryVerify(Encoding.UTF8.GetBytes(body), webhookId, webhookTimestamp, webhookSignature, out error);
    }

    /// <summary>Computes the <c>v1,&lt;base64&gt;</c> signature a sender puts in <c>webhook-signature</c>.</summary>
    public static string Sign(string secret, string msgId, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(msgId);
        var mac = ComputeMac(DecodeSecret(secret), msgId, timestamp.ToString(CultureInfo.InvariantCulture), body);
        return VersionPrefix + Convert.ToBase64String(mac);
    }

    /// <summary>Computes the signature of a text body (signed as its UTF-8 bytes).</summary>
    public static string Sign(string secret, string msgId, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Sign(secret, msgId, timestamp, Encoding.UTF8.GetBytes(body));
    }

    private string? Check(ReadOnlySpan<byte> body, string? id, string? timestamp, string? signature)
    {
        // Whitespace-only counts as missing: it can never be a valid id/timestamp/signature,
        // and naming the header tells the operator which proxy or sender dropped it.
        if (string.IsNullOrWhiteSpace(id))
        {
            return $"Missing required header '{IdHeader}'.";
        }
        if (string.IsNullOrWhiteSpace(timestamp))
        {
            return $"Missing required header '{TimestampHeader}'.";
        }
        if (string.IsNullOrWhiteSpace(signature))
        {
            return $"Missing required header '{SignatureHeader}'.";
        }
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return $"Header '{TimestampHeader}' is not a Unix timestamp in seconds: '{timestamp}'.";
        }

        // The timestamp check is what stops replay of a captured request; the signature alone
        // would stay valid forever. Checked before the HMAC so stale floods are cheap to reject.
        var now = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var toleranceSeconds = (long)_tolerance.TotalSeconds;
        if (seconds < now - toleranceSeconds)
        {
            return $"Header '{TimestampHeader}' is too old ({now - seconds}s in the past, tolerance {toleranceSeconds}s).";
        }
        if (seconds > now + toleranceSeconds)
        {
            return $"Header '{TimestampHeader}' is too new ({seconds - now}s in the future, tolerance {toleranceSeconds}s).";
        }

        // Sign the header text exactly as received, as the spec does, not a re-formatted number.
        var expected = ComputeMac(_key, id, timestamp, body);
        Span<byte> candidate = stackalloc byte[expected.Length];
        foreach (var entry in signature.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            // Unknown versions (future schemes, e.g. asymmetric "v1a,") are skipped rather than
            // rejected so senders can add them alongside v1 without breaking receivers.
            if (!entry.StartsWith(VersionPrefix, StringComparison.Ordinal))
            {
                continue;
            }
            // Exact-length decode: anything that is not a 32-byte MAC cannot match anyway.
            if (Convert.TryFromBase64String(entry[VersionPrefix.Length..], candidate, out var written)
                && written == expected.Length
                && CryptographicOperations.FixedTimeEquals(candidate, expected))
            {
                return null;
            }
        }
        return $"No matching v1 signature in header '{SignatureHeader}'.";
    }

    private static byte[] ComputeMac(byte[] key, string id, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return HMACSHA256.HashData(key, content);
    }

    private static byte[] DecodeSecret(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var base64 = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        if (base64.Length == 0)
        {
            throw new ArgumentException("Webhook secret is empty; expected 'whsec_<base64>'.", nameof(secret));
        }
        try
        {
            return Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            // Never echo the secret itself into an exception message: messages end up in logs.
            throw new ArgumentException("Webhook secret is not valid base64; expected 'whsec_<base64>'.", nameof(secret));
        }
    }
}
