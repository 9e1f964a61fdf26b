using Herald.Kernel;

namespace Herald.Push.Devices;

/// <summary>The token check every provider gets unless its own tokens have a stricter form.</summary>
public static class DeviceTokens
{
    public static string CheckPrintable(string token, FieldErrors errors)
    {
        if (token.Length > DevicesApi.MaxTokenLength || token.Any(c => c <= ' ' || c == '\u007f' || char.IsControl(c)))
            errors.Add("token", $"A push token is 1-{DevicesApi.MaxTokenLength} printable characters without spaces; send it exactly as the SDK returned it.");
        return token;
    }
}
