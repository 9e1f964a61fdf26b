namespace Herald.Push.Credentials;

/// <summary>The platform, provider and environment names of the API, and which provider pushes to which platform.</summary>
public static class CredentialKinds
{
    public const string Ios = "ios", Android = "android", Any = "any";
    public const string Apns = "apns", Fcm = "fcm", Baidu = "baidu", Custom = "custom";
    public const string Sandbox = "sandbox", Production = "production";

    public static readonly string[] Platforms = [Ios, Android, Any];
    public static readonly string[] Providers = [Apns, Fcm, Baidu, Custom];
    public static readonly string[] Environments = [Sandbox, Production];

    /// <summary>FCM also reaches iOS devices (through APNs, configured in Firebase), so it is allowed for both.</summary>
    public static string[] PlatformsOf(string provider) => provider switch
    {
        Apns => [Ios],
        Fcm => [Android, Ios],
        Baidu => [Android],
        _ => [Any],
    };
}
