using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Herald.Webhooks;

/// <summary>
/// Signs as Standard Webhooks does: base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")), sent as
/// "v1,&lt;sig&gt;"; during a rotation one signature per live secret, space-separated.
/// </summary>
public static class WebhookSigner
{
    /// <summary>The three Standard Webhooks headers on <paramref name="request"/>: webhook-id, webhook-timestamp (Unix seconds), webhook-signature.</summary>
    public static void AddHeaders(HttpRequestMessage request, string messageId, long timestamp, ReadOnlySpan<byte> body, IReadOnlyList<byte[]> keys)
    {
        request.Headers.TryAddWithoutValidation("webhook-id", messageId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", Sign(messageId, timestamp, body, keys));
    }

    public static string Sign(string messageId, long timestamp, ReadOnlySpan<byte> body, IReadOnlyList<byte[]> keys)
    {
        var prefixLength = Encoding.UTF8.GetByteCount(messageId) + 22;
        var rented = ArrayPool<byte>.Shared.Rent(prefixLength + body.Length);
        try
        {
            var n = Encoding.UTF8.GetBytes(messageId, rented);
            rented[n++] = (byte)'.';
            timestamp.TryFormat(rented.AsSpan(n), out var written, provider: CultureInfo.InvariantCulture);
            n += written;
            rented[n++] = (byte)'.';
            body.CopyTo(rented.AsSpan(n));
            var content = rented.AsSpan(0, n + body.Length);

            Span<byte> mac = stackalloc byte[32];
            if (keys.Count == 1) // the usual case, outside a rotation: one string, no builder
            {
                HMACSHA256.HashData(keys[0], content, mac);
                Span<char> one = stackalloc char[3 + 44]; // "v1," + base64 of 32 bytes
                "v1,".CopyTo(one);
                Convert.TryToBase64Chars(mac, one[3..], out var written64);
                return new string(one[..(3 + written64)]);
            }
            var sb = new StringBuilder(keys.Count * 48);
            foreach (var key in keys)
            {
                HMACSHA256.HashData(key, content, mac);
                if (sb.Length > 0) sb.Append(' ');
                sb.Append("v1,").Append(Convert.ToBase64String(mac));
            }
            return sb.ToString();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
