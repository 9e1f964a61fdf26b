using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Herald.Storage;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Herald.Tests.Support;

/// <summary>
/// A class fixture: one Herald with the given settings and a clock the tests move (everything time-based
/// reads it, never the wall clock). Each test makes its own app with <see cref="NewAppAsync"/>.
/// </summary>
public abstract class ClockedHerald : IDisposable
{
    private readonly string _appPrefix;
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);
    public HeraldHost Herald { get; }
    public WebApplicationFactory<Program> Factory { get; }

    /// <param name="services">Services a fixture adds to Herald's own (a test-only job handler…).</param>
    protected ClockedHerald(string appPrefix, IDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        _appPrefix = appPrefix;
        Herald = new HeraldHost(settings);
        Factory = Herald.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(Clock);
            services?.Invoke(s);
        }));
    }

    public IHeraldStore Store => Factory.Services.GetRequiredService<IHeraldStore>();

    public HttpClient Client(string key)
    {
        var c = Factory.CreateClient();
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return c;
    }

    /// <summary>A new app and a client with its admin key (the app's first key).</summary>
    public async Task<(string App, HttpClient Admin)> NewAppAsync()
    {
        var app = _appPrefix + Guid.NewGuid().ToString("N")[..10];
        using var root = Client(HeraldHost.RootKey);
        (await root.PostAsJsonAsync("/v1/apps", new { id = app, name = app })).EnsureSuccessStatusCode();
        var r = await root.PostAsJsonAsync($"/v1/apps/{app}/keys", new { name = "admin", scope = "admin" });
        r.EnsureSuccessStatusCode();
        return (app, Client((await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!));
    }

    public void Dispose() => Herald.Dispose(); // disposes the factory derived from it too
}
