namespace Herald.Push.Providers;

/// <summary>
/// One push provider as the rest of Herald reaches it. Each provider is one folder under Push/Providers
/// holding this contract's implementation, its sender, options, payload shaping and console fields, and one
/// line in <see cref="PushProviders.All"/>; generic code (validation, devices, fan-out, diagnostics, the
/// console) iterates the registered providers instead of naming them. The pieces are separate interfaces so
/// each stays small; a provider class implements them all (most members have a default).
/// </summary>
public interface IPushProvider : IProviderCredentials, IProviderTargets, IProviderDiagnostics, IProviderConsole
{
    /// <summary>The API's name of the provider: credentials', devices' and jobs' "provider", the rollups' channel.</summary>
    string Name { get; }

    /// <summary>Registers what the provider sends with: its <see cref="IPushProviderSender"/>, options (checked on start) and clients.</summary>
    void AddServices(WebApplicationBuilder builder);
}
