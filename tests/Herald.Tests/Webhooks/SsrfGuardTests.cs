using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Herald.Hosting;
using Herald.Queue;
using Herald.Tests.Support;
using Herald.Webhooks;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Herald.Tests.Webhooks;

/// <summary>
/// A resolver the test controls: each name answers from a script (one answer per call, the last repeated);
/// "localhost" goes to the real resolver; any other name does not resolve. Nothing here touches the network.
/// </summary>
public sealed class FakeResolver : INameResolver
{
    private readonly ConcurrentDictionary<string, IPAddress[][]> _answers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.OrdinalIgnoreCase);

    public FakeResolver Map(string host, params string[][] answers)
    {
        _answers[host] = answers.Select(a => a.Select(IPAddress.Parse).ToArray()).ToArray();
        return this;
    }

    public int Calls(string host) => _calls.GetValueOrDefault(host);

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct)
    {
        var n = _calls.AddOrUpdate(host, 1, (_, c) => c + 1) - 1;
        if (_answers.TryGetValue(host, out var script)) return Task.FromResult(script[Math.Min(n, script.Length - 1)]);
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return Dns.GetHostAddressesAsync(host, ct);
        throw new SocketException((int)SocketError.HostNotFound);
    }
}

public sealed class SsrfGuardTests
{
    // ---------- (a) the address rules, parsed only

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.255.254")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")] // cloud metadata
    [InlineData("100.64.0.1")] // CGNAT
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")] // multicast
    [InlineData("255.255.255.255")]
    [InlineData("198.18.0.1")] // benchmarking
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fe80::1")] // link-local
    [InlineData("fc00::1")] // unique local
    [InlineData("fd12:3456:789a::1")]
    [InlineData("ff02::1")] // multicast
    [InlineData("::ffff:127.0.0.1")] // IPv4-mapped loopback
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a00:1")] // NAT64 of 10.0.0.1
    [InlineData("64:ff9b::7f00:1")] // NAT64 of 127.0.0.1
    [InlineData("2002:0a00:0001::")] // 6to4 of 10.0.0.1
    [InlineData("2002:a9fe:a9fe::1")] // 6to4 of 169.254.169.254
    [InlineData("::7f00:1")] // IPv4-compatible ::127.0.0.1 (deprecated)
    [InlineData("::ffff:0:7f00:1")] // IPv4-translated (SIIT) 127.0.0.1
    [InlineData("64:ff9b:1::a00:1")] // local-use NAT64 of 10.0.0.1
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")] // Teredo
    [InlineData("2001:db8::1")] // documentation
    [InlineData("fe80::1%1")] // link-local with a zone
    public void Private_loopback_link_local_and_reserved_addresses_are_blocked(string address) =>
        Assert.True(UrlGuard.IsBlocked(IPAddress.Parse(address)), $"{address} should be blocked");

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")] // just past 172.16.0.0/12
    [InlineData("100.128.0.1")] // just past 100.64.0.0/10
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2001:4860:4860::8888")] // 2001:4860::, not Teredo's 2001::/32
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")] // NAT64 of 8.8.8.8
    [InlineData("2002:0808:0808::")] // 6to4 of 8.8.8.8
    public void Public_addresses_are_allowed(string address) =>
        Assert.False(UrlGuard.IsBlocked(IPAddress.Parse(address)), $"{address} should be allowed");

    [Theory]
    [InlineData("http://127.0.0.1/x")]
    [InlineData("http://2130706433/x")] // 127.0.0.1 as one number
    [InlineData("http://0x7f.0.0.1/x")]
    [InlineData("http://127.1/x")]
    [InlineData("http://[::ffff:7f00:1]/x")]
    [InlineData("http://[fe80::1]/x")]
    public async Task Unusual_spellings_of_private_literals_are_blocked(string url)
    {
        var guard = new UrlGuard(Options.Create(new WebhookOptions { AllowPrivateNetworks = false }), new FakeResolver());
        var error = await guard.CheckAsync(url, default);
        Assert.NotNull(error);
        Assert.Contains("loopback, private or reserved", error, StringComparison.Ordinal);
    }

    // ---------- (b) creating endpoints with the guard on

    private static readonly Dictionary<string, string?> GuardOn = new()
    {
        ["Herald:Webhooks:AllowPrivateNetworks"] = "false",
        ["Herald:Delivery:RetrySchedule"] = "0s",
        ["Herald:Delivery:RetryJitter"] = "0",
    };

    private static WebApplicationFactory<Program> WithResolver(HeraldHost herald, INameResolver resolver) =>
        herald.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(resolver)));

    private static HttpClient Client(WebApplicationFactory<Program> factory, string key)
    {
        var c = factory.CreateClient();
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return c;
    }

    private static async Task<string> CreateAppAsync(WebApplicationFactory<Program> factory)
    {
        var id = "ssrf" + Guid.NewGuid().ToString("N")[..8];
        using var root = Client(factory, HeraldHost.RootKey);
        (await root.PostAsJsonAsync("/v1/apps", new { id, name = "SSRF" })).EnsureSuccessStatusCode();
        return id;
    }

    [Theory]
    [InlineData("http://127.0.0.1:1234/x", "loopback, private or reserved")]
    [InlineData("http://localhost/x", "loopback, private or reserved")]
    [InlineData("http://[::1]/x", "loopback, private or reserved")]
    [InlineData("http://10.0.0.5/x", "loopback, private or reserved")]
    [InlineData("https://internal.test/x", "10.0.0.5")]
    [InlineData("https://metadata.test/latest/meta-data", "169.254.169.254")]
    [InlineData("https://mixed.test/x", "10.0.0.5")] // one public and one private answer: refused
    [InlineData("https://nowhere.test/x", "does not resolve")]
    public async Task An_endpoint_at_a_private_address_is_refused_naming_url(string url, string mention)
    {
        var resolver = new FakeResolver()
            .Map("internal.test", ["10.0.0.5"])
            .Map("metadata.test", ["169.254.169.254"])
            .Map("mixed.test", ["93.184.216.34", "10.0.0.5"]);
        using var herald = new HeraldHost(GuardOn);
        using var factory = WithResolver(herald, resolver);
        var app = await CreateAppAsync(factory);
        using var root = Client(factory, HeraldHost.RootKey);

        using var r = await root.PostAsJsonAsync($"/v1/apps/{app}/endpoints", new { url });
        var body = await r.Content.ReadAsStringAsync();
        Assert.True((int)r.StatusCode == 400, $"{url}: {(int)r.StatusCode} {body}");
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("url", out _), body);
        var detail = problem.RootElement.GetProperty("detail").GetString()!;
        Assert.StartsWith("url:", detail);
        Assert.Contains(mention, detail, StringComparison.Ordinal);
        Assert.Empty(await factory.Services.GetRequiredService<Herald.Storage.IHeraldStore>().ListEndpointsAsync(app, default));
    }

    [Fact]
    public async Task Moving_an_endpoint_to_a_private_address_is_refused_too()
    {
        var resolver = new FakeResolver().Map("public.test", ["93.184.216.34"]).Map("internal.test", ["10.0.0.5"]);
        using var herald = new HeraldHost(GuardOn);
        using var factory = WithResolver(herald, resolver);
        var app = await CreateAppAsync(factory);
        using var root = Client(factory, HeraldHost.RootKey);
        var ep = await root.CreateEndpointAsync(app, new { url = "https://public.test/hook" });

        using var r = await root.PatchAsJsonAsync($"/v1/apps/{app}/endpoints/{ep.Id}", new { url = "https://internal.test/hook" });
        Assert.Equal(400, (int)r.StatusCode);
        Assert.Contains("url", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var stored = await root.GetJsonAsync($"/v1/apps/{app}/endpoints/{ep.Id}");
        Assert.Equal("https://public.test/hook", stored.GetProperty("url").GetString());
    }

    [Fact]
    public async Task An_endpoint_whose_name_resolves_to_a_public_address_is_accepted()
    {
        // Accepted, and never contacted: no event is posted.
        var resolver = new FakeResolver().Map("public.test", ["93.184.216.34"]).Map("public6.test", ["2606:4700:4700::1111"]);
        using var herald = new HeraldHost(GuardOn);
        using var factory = WithResolver(herald, resolver);
        var app = await CreateAppAsync(factory);
        using var root = Client(factory, HeraldHost.RootKey);

        var v4 = await root.CreateEndpointAsync(app, new { url = "https://public.test/hook" });
        var v6 = await root.CreateEndpointAsync(app, new { url = "https://public6.test/hook" });
        Assert.StartsWith("ep_", v4.Id);
        Assert.StartsWith("ep_", v6.Id);
        Assert.Equal(1, resolver.Calls("public.test")); // the fake, not real DNS, decided
    }

    // ---------- (c) DNS rebinding: checked again when connecting

    [Fact]
    public async Task A_name_that_rebinds_to_loopback_after_creation_is_refused_at_connect_time()
    {
        await using var receiver = await Receiver.StartAsync();
        var port = new Uri(receiver.Url).Port;
        // Public when the endpoint is saved; loopback (where the receiver listens) from then on.
        var resolver = new FakeResolver().Map("rebind.test", ["93.184.216.34"], ["127.0.0.1"]);
        using var herald = new HeraldHost(GuardOn);
        using var factory = WithResolver(herald, resolver);
        var app = await CreateAppAsync(factory);
        using var root = Client(factory, HeraldHost.RootKey);
        await root.CreateEndpointAsync(app, new { url = $"http://rebind.test:{port}/hook" });
        Assert.Equal(1, resolver.Calls("rebind.test"));

        await root.PostEventAsync(app, new { type = "message.created", data = new { text = "to the metadata service?" } });

        string? deliveryId = null;
        await ApiExtensions.Eventually(async () =>
        {
            var page = await root.GetJsonAsync($"/v1/apps/{app}/deliveries?status=failed");
            if (page.GetProperty("items").GetArrayLength() == 0) return false;
            deliveryId = page.GetProperty("items")[0].GetProperty("id").GetString();
            return true;
        }, TimeSpan.FromSeconds(15), "the delivery fails");

        var detail = await root.GetJsonAsync($"/v1/apps/{app}/deliveries/{deliveryId}");
        var attempt = Assert.Single(detail.GetProperty("attempts").EnumerateArray());
        var error = attempt.GetProperty("error").GetString();
        Assert.NotNull(error);
        Assert.Contains("SSRF guard", error, StringComparison.Ordinal);
        Assert.Contains("Refused", error, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, attempt.GetProperty("statusCode").ValueKind);
        Assert.True(resolver.Calls("rebind.test") >= 2, "the name was resolved again at connect time");
        await Task.Delay(300);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task Control_the_fake_resolver_does_steer_real_connections_when_private_networks_are_allowed()
    {
        // Without this, the rebinding test could pass merely because rebind.test does not exist in real DNS.
        await using var receiver = await Receiver.StartAsync();
        var port = new Uri(receiver.Url).Port;
        var resolver = new FakeResolver().Map("rebind.test", ["127.0.0.1"]);
        using var herald = new HeraldHost(new Dictionary<string, string?>(GuardOn) { ["Herald:Webhooks:AllowPrivateNetworks"] = "true" });
        using var factory = WithResolver(herald, resolver);
        var app = await CreateAppAsync(factory);
        using var root = Client(factory, HeraldHost.RootKey);
        await root.CreateEndpointAsync(app, new { url = $"http://rebind.test:{port}/hook" });

        var eventId = await root.PostEventAsync(app, new { type = "message.created", data = new { text = "hi" } });
        await ApiExtensions.Eventually(() => Task.FromResult(!receiver.Requests.IsEmpty), TimeSpan.FromSeconds(10), "the webhook arrives via the fake name");
        Assert.Contains(eventId, Assert.Single(receiver.Requests).Body, StringComparison.Ordinal);
        Assert.True(resolver.Calls("rebind.test") >= 1);
    }

    [Fact]
    public void The_fake_resolver_replaces_the_real_one()
    {
        var resolver = new FakeResolver();
        using var herald = new HeraldHost(GuardOn);
        using var factory = WithResolver(herald, resolver);
        Assert.Same(resolver, factory.Services.GetRequiredService<INameResolver>());
        Assert.False(factory.Services.GetRequiredService<UrlGuard>().AllowPrivateNetworks);
        Assert.Equal([TimeSpan.Zero], factory.Services.GetRequiredService<IOptions<DeliveryOptions>>().Value.RetryScheduleValue);
    }
}
