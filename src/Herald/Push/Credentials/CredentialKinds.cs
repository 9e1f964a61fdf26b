using Herald.Push.Providers;

namespace Herald.Push.Credentials;

/// <summary>The platform, provider and environment names of the API; the providers and which platforms each pushes to come from <see cref="PushProviders"/>.</summary>
public static class CredentialKinds
{
    public const string Ios = "ios", Android = "android", Any = "any";
    public const string Sandbox = "sandbox", Production = "production";

    public static readonly string[] Platforms = [Ios, Android, Any];
    public static string[] Providers => PushProviders.Names;
    public static readonly string[] Environments = [Sandbox, Production];

    public static IReadOnlyList<string> PlatformsOf(string provider) => PushProviders.Find(provider)?.CredentialPlatforms ?? [Any];
}
