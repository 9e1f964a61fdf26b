using System.Net.Http.Json;
using System.Text.Json;
using Herald.Tests.Processes;
using Microsoft.Playwright;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Herald.Browser.Tests;

/// <summary>
/// The console test classes share one fixture (one server and one browser started, not one per class: each start
/// costs seconds of the suite's budget); ConsolePerformanceTests keeps its own, seeded with 100,000 deliveries.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>
{
    public const string Name = "console";
}

/// <summary>
/// One real Herald server process (a real Kestrel port) and one headless Debian chromium.
/// Each test makes its own app, so tests never see each other's data.
/// </summary>
public class ConsoleFixture : IAsyncLifetime
{
    public const string RootKey = "hk_root_browser-tests-root-key-0123456789abcdef";
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private string? _data;
    private int _apps;

    public ServerProcess Server { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;
    public HttpClient Root { get; private set; } = default!;

    /// <summary>Where the screenshots go: printed by the tests that write them.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>Providers point at a closed loopback port: nothing a test does ever leaves the machine.</summary>
    protected static readonly IReadOnlyDictionary<string, string?> LoopbackProviders = new Dictionary<string, string?>
    {
        ["Herald:Push:Apns:ProductionUrl"] = "http://127.0.0.1:9",
        ["Herald:Push:Apns:SandboxUrl"] = "http://127.0.0.1:9",
        ["Herald:Push:Fcm:BaseUrl"] = "http://127.0.0.1:9",
        ["Herald:Push:Baidu:BaseUrl"] = "http://127.0.0.1:9",
    };

    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(LoopbackProviders)
    {
        // One attempt, then the delivery is failed: the retry test needs a failed delivery at once.
        ["Herald:Delivery:RetrySchedule"] = "0s",
        ["Herald:Delivery:PollInterval"] = "100ms",
    };

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
            throw new InvalidOperationException($"{Chromium} is missing: install Debian's chromium (apt-get install -y chromium; test.sh does it).");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _data = ServerProcess.NewDataDirectory();
        Server = ServerProcess.Start(_data, RootKey, Settings);
        await Server.WaitHealthyAsync(TimeSpan.FromSeconds(60));
        Root = Server.CreateClient(RootKey);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        Root?.Dispose();
        Server?.Dispose();
        if (_data is not null) ServerProcess.DeleteDirectory(_data);
    }

    public sealed record TestApp(string Id, string AdminKey, string IngestKey, HttpClient Admin);

    /// <summary>A new app with an admin key (for the console) and an ingest key.</summary>
    public async Task<TestApp> NewAppAsync(string name)
    {
        var id = $"app{Interlocked.Increment(ref _apps)}-{Guid.NewGuid():N}"[..20];
        (await Root.PostAsJsonAsync("/v1/apps", new { id, name })).EnsureSuccessStatusCode();
        var admin = await KeyAsync(id, "admin");
        var ingest = await KeyAsync(id, "ingest");
        return new TestApp(id, admin, ingest, Server.CreateClient(admin));
    }

    private async Task<string> KeyAsync(string app, string scope)
    {
        var r = await Root.PostAsJsonAsync($"/v1/apps/{app}/keys", new { name = $"browser {scope}", scope });
        r.EnsureSuccessStatusCode();
        return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    /// <summary>A fresh browser context (own cookies) at 1280×800, signed in with <paramref name="key"/>.</summary>
    public async Task<IPage> SignedInPageAsync(string key, int width = 1280, int height = 800)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console/");
        await page.GetByLabel("Admin key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        // The URL only: WaitForURL also waits for the page's "load" event, and once (the first test of a run, the
        // URL already past /login, "NetworkIdle" fired) that wait ran out its 15 s. What a test does next waits for
        // its own elements.
        await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"), new() { Timeout = 15_000 });
        return page;
    }

    public async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });
}
