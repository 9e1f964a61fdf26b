using System.Security.Cryptography;
using System.Text;

namespace Herald.Push.Providers.Baidu;

/// <summary>
/// Baidu Push REST 3.0 request signature, as its server SDKs compute it (PHP: md5(urlencode(...))):
/// sign = lowercase hex MD5 of the URL-encoded METHOD + url + every k=v sorted by key (no separators)
/// + secret key. The encoding is PHP's urlencode, which differs from .NET's encoders exactly where
/// Baidu is strict: space is '+', '~' and '*' are escaped, hex digits are upper case.
/// </summary>
public static class BaiduSigner
{
    public static string Sign(string method, string url, IEnumerable<KeyValuePair<string, string>> parameters, string secretKey)
    {
        var gather = new StringBuilder(method.ToUpperInvariant()).Append(url);
        foreach (var (key, value) in parameters.Where(p => p.Key != "sign").OrderBy(p => p.Key, StringComparer.Ordinal))
            gather.Append(key).Append('=').Append(value);
        gather.Append(secretKey);
        var hash = MD5.HashData(Encoding.ASCII.GetBytes(PhpUrlEncode(gather.ToString())));
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>PHP urlencode: A-Z a-z 0-9 - _ . as they are, space as '+', every other UTF-8 byte as %XX.</summary>
    public static string PhpUrlEncode(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var sb = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'_' or (byte)'.')
                sb.Append((char)b);
            else if (b == (byte)' ') sb.Append('+');
            else sb.Append('%').Append(Convert.ToHexString([b]));
        }
        return sb.ToString();
    }
}
