using Herald.Push.Providers.Apns;
using Herald.Push.Providers.Baidu;
using Herald.Push.Providers.Custom;
using Herald.Push.Providers.Fcm;

namespace Herald.Push.Providers;

/// <summary>
/// The push providers of this build, one line each. Their order is the API's (the provider enums, the
/// lists in error messages, the console's choices). Removing a provider is deleting its folder and its line
/// here. A static list rather than DI registrations: the API's closed sets (<see cref="Kernel.ClosedSetAttribute"/>)
/// are read from static members when the OpenAPI document and the validators are built.
/// </summary>
public static class PushProviders
{
    public static readonly IReadOnlyList<IPushProvider> All =
    [
        new ApnsProvider(),
        new FcmProvider(),
        new BaiduProvider(),
        new CustomProvider(),
    ];

    private static readonly Dictionary<string, IPushProvider> ByName = All.ToDictionary(p => p.Name, StringComparer.Ordinal);

    public static IPushProvider? Find(string? name) => name is not null && ByName.TryGetValue(name, out var p) ? p : null;

    public static string[] Names => [.. All.Select(p => p.Name)];

    /// <summary>The providers that push to registered devices (the rest push once per recipient).</summary>
    public static IEnumerable<IPushProvider> DeviceProviders => All.Where(p => p.DevicePlatforms.Count > 0);

    public static IEnumerable<IPushProvider> RecipientProviders => All.Where(p => p.DevicePlatforms.Count == 0);

    /// <summary>Recipient-level providers first: the order the fan-out writes a recipient's jobs in (the delivery log's filter).</summary>
    public static string[] ListedNames => [.. RecipientProviders.Concat(DeviceProviders).Select(p => p.Name)];

    /// <summary>"a, b or c": how the API lists choices in a message (or "a, b and c" with <paramref name="last"/> "and").</summary>
    public static string OneOf(IEnumerable<string> items, string last = "or")
    {
        var list = items.ToList();
        return list.Count <= 1 ? string.Concat(list) : $"{string.Join(", ", list[..^1])} {last} {list[^1]}";
    }
}
