using Herald.Tests.Support;

namespace Herald.Tests.Hosting;

public sealed class ServiceSurfaceTests(HeraldHostFixture host) : IClassFixture<HeraldHostFixture>
{
    private readonly HeraldHost _herald = host.Herald;

    [Fact]
    public async Task Health_readiness_and_openapi_are_served()
    {
        using var client = _herald.CreateClient();
        Assert.Equal("Healthy", await client.GetStringAsync("/healthz"));
        Assert.Equal("Healthy", await client.GetStringAsync("/readyz"));
        var openapi = await client.GetJsonAsync("/openapi/v1.json");
        var paths = openapi.GetProperty("paths");
        foreach (var path in new[] { "/v1/apps", "/v1/apps/{app}/events", "/v1/apps/{app}/events/batch", "/v1/apps/{app}/endpoints",
                     "/v1/apps/{app}/endpoints/{id}/secret/rotate", "/v1/apps/{app}/deliveries/{id}/retry", "/v1/apps/{app}/endpoints/{id}/replay", "/v1/catalog" })
            Assert.True(paths.TryGetProperty(path, out _), $"OpenAPI lacks {path}");
    }
}
