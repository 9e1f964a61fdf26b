using Herald.Kernel;

namespace Herald.Push.Providers.Apns;

/// <summary>An APNs token is the hex text of the token's bytes; stored lowercased, so one token is one row.</summary>
internal static class ApnsDeviceTokens
{
    public static string Check(string token, FieldErrors errors)
    {
        if (token.Length is < 64 or > 200 || !token.All(char.IsAsciiHexDigit))
            errors.Add("token", $"An APNs token is the hex text of the token's bytes (64 hex characters on today's devices); got {token.Length} characters{(token.All(char.IsAsciiHexDigit) ? "" : " that are not all hex")}. " +
                "Convert deviceToken with map { String(format: \"%02x\", $0) }.joined(), not base64 or description; an FCM token goes with provider 'fcm'.");
        return token.ToLowerInvariant();
    }
}
