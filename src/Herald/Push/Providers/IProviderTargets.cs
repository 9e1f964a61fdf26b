using Herald.Kernel;
using Herald.Push.Devices;
using Herald.Push.Payloads;

namespace Herald.Push.Providers;

/// <summary>
/// Who a provider pushes to: registered devices of some platforms (one job per device, the provider-neutral
/// <see cref="PushPayloads.DevicePayload"/> its sender shapes), or, with no device platforms, each recipient
/// once (one job per recipient with the payload it builds itself).
/// </summary>
public interface IProviderTargets
{
    /// <summary>The device platforms it serves; empty when it pushes once per recipient whatever the devices.</summary>
    IReadOnlyList<string> DevicePlatforms { get; }

    /// <summary>How a device registration names it, its name and platforms, e.g. "acme (Android or web)".</summary>
    string DeviceHint => "";

    /// <summary>Whether one active credential of any platform serves all its devices (one project serving every platform).</summary>
    bool OneCredentialForAllPlatforms => false;

    /// <summary>The token as stored (adding a field error when it is not one of this provider's tokens).</summary>
    string CheckToken(string token, FieldErrors errors) => DeviceTokens.CheckPrintable(token, errors);

    /// <summary>A recipient-level provider's payload for one recipient, built once at fan-out so a retry sends the same bytes.</summary>
    string RecipientPayload(Notification n, string appId, string region) =>
        throw new NotSupportedException("This provider pushes to devices; its jobs carry the device payload.");
}
