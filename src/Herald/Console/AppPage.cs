using Herald.Apps;
using Herald.Storage;
using Microsoft.AspNetCore.Components;

namespace Herald.WebConsole;

/// <summary>
/// Base of every page of one app (/console/{app}/...): resolves the session's caller for the app in the
/// URL (an app the key may not see is "not found", as in the API), then lets the page load its data.
/// </summary>
public abstract class AppPage : ComponentBase
{
    [Parameter] public string App { get; set; } = "";
    [CascadingParameter] public HttpContext HttpContext { get; set; } = default!;
    [Inject] public ConsoleSession Session { get; set; } = default!;
    [Inject] public AppDirectory Apps { get; set; } = default!;
    [Inject] public TimeProvider Time { get; set; } = default!;

    protected Caller? Caller { get; private set; }
    protected AppRecord? AppRecord { get; private set; }
    protected CancellationToken Aborted => HttpContext.RequestAborted;
    protected DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>Set by a form handler: a confirmation shown at the top of the page.</summary>
    protected string? Notice { get; set; }

    protected sealed override async Task OnInitializedAsync()
    {
        Caller = await Session.CallerForAsync(HttpContext.User, App, Aborted);
        if (Caller is null) return; // the page says "App not found" (a 404 status would make Blazor hand the response to the status-code pages)
        AppRecord = await Apps.FindAsync(App, Aborted);
        await LoadAsync();
    }

    /// <summary>Loads what the page shows; called on GET and again after a form's change.</summary>
    protected abstract Task LoadAsync();

    /// <summary>The form field's value, trimmed; null when absent or empty.</summary>
    protected string? Form(string name)
    {
        if (!HttpContext.Request.HasFormContentType) return null;
        var v = HttpContext.Request.Form[name].ToString().Trim();
        return v.Length == 0 ? null : v;
    }

    /// <summary>A browser's datetime-local value (no zone: the console speaks UTC); null when it is not a time.</summary>
    protected static DateTimeOffset? UtcTime(string? text) =>
        DateTime.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var t)
            ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    protected bool FormChecked(string name) => Form(name) is "on" or "true";

    /// <summary>The state a switch asked for ("to" = on/off), else the opposite of <paramref name="current"/>.</summary>
    protected bool SwitchTarget(bool current) => Form("to") switch { "on" => true, "off" => false, _ => !current };

    protected string Link(string page) => $"{ConsoleServices.BasePath}/{Uri.EscapeDataString(App)}/{page}";

    /// <summary>Runs a change made by a form, then reloads the page's data so it shows the new state.</summary>
    protected async Task ChangeAsync(Func<Task> change)
    {
        if (Caller is null) return;
        await change();
        await LoadAsync();
    }
}
