using Herald.Push.Credentials;
using Herald.Storage;
using Microsoft.AspNetCore.Components;

namespace Herald.Push.Providers;

/// <summary>
/// The state a provider's credential fields render from, handed to its Razor component by the console's
/// Push page: the values posted back after a refused form, each field's error, and the error element itself
/// (the console's FieldError), so the component needs nothing of the console.
/// </summary>
public sealed record CredentialFormState(
    Func<string, string?> Posted, Func<string, string?> Error, Func<string, Dictionary<string, object>> Invalid, Func<string, RenderFragment> ErrorFor);

/// <summary>The posted credential form, read by a provider into its create body.</summary>
public sealed record CredentialForm(
    CredentialBody Common, Func<string, string?> Field, Func<string, Task<string?>> FileText, Func<string, Task<string?>> FileBase64);

/// <summary>What the console shows of a provider: its labels, its credential fields (a Razor component in its folder) and its notes.</summary>
public interface IProviderConsole
{
    /// <summary>Its name in tables, e.g. "Acme".</summary>
    string Label { get; }

    /// <summary>Its choice in the add-credential form, its name with its platforms, e.g. "Acme (Android)".</summary>
    string ChoiceLabel { get; }

    /// <summary>The Razor component of its credential fields; it takes one parameter, State (<see cref="CredentialFormState"/>).</summary>
    Type ConsoleFields { get; }

    /// <summary>The create body of the posted form: the common fields plus its own.</summary>
    Task<CredentialBody> ReadFormAsync(CredentialForm form);

    /// <summary>The facts shown under a credential's name, e.g. "token · key ABC · team DEF · com.example.app".</summary>
    string Describe(CredentialView credential);

    /// <summary>Why the active credential will not reach this device, or null (the Devices page shows it as a mismatch).</summary>
    string? DeviceMismatch(string deviceEnvironment, CredentialRecord credential) => null;

    /// <summary>A recipient-level provider's route on the Devices page, e.g. "one POST per notification to …".</summary>
    RenderFragment RecipientRoute(CredentialRecord credential) => _ => { };
}
