using System.Text.Json;
using Herald.Push.Providers.Apns;
using Herald.Tests.Support;
using Microsoft.Extensions.Options;

namespace Herald.Tests.Push.Providers.Apns;

/// <summary>The small rules of the APNs wire format and options, without a server.</summary>
public sealed class ApnsUnitTests
{
    [Theory]
    [InlineData("msg_0193a2b4c5d67e8f9a0b1c2d3e4f5a6b", "0193a2b4-c5d6-7e8f-9a0b-1c2d3e4f5a6b")]
    [InlineData("msg_0193A2B4-C5D6-7E8F-9A0B-1C2D3E4F5A6B", "0193a2b4-c5d6-7e8f-9a0b-1c2d3e4f5a6b")]
    [InlineData("test_0193a2b4c5d67e8f9a0b1c2d3e4f5a6b", "0193a2b4-c5d6-7e8f-9a0b-1c2d3e4f5a6b")]
    [InlineData("msg_not-a-guid", null)]
    public void The_delivery_id_becomes_a_canonical_lowercase_apns_id(string deliveryId, string? expected) =>
        Assert.Equal(expected, ApnsSender.ApnsId(deliveryId));

    [Fact]
    public void A_collapse_id_over_64_bytes_is_hashed_to_a_stable_64_character_one()
    {
        Assert.Equal("group_hiking", ApnsPayload.CollapseId("group_hiking"));
        var longKey = new string('u', 40) + "_user_" + new string('v', 40);
        var hashed = ApnsPayload.CollapseId(longKey)!;
        Assert.Equal(64, hashed.Length);
        Assert.Equal(hashed, ApnsPayload.CollapseId(longKey));
        Assert.NotEqual(hashed, ApnsPayload.CollapseId(longKey + "w"));
        Assert.Equal(64, ApnsPayload.CollapseId("group_randonnée")!.Length); // headers carry ASCII only
    }

    [Fact]
    public void A_voip_payload_may_be_larger_than_an_alert_but_not_over_5120_bytes()
    {
        string Payload(string pushType, int detailChars) => JsonSerializer.Serialize(new
        {
            title = "t", body = "b", pushType, priority = 10, ttlSeconds = 0, details = new { message = new string('x', detailChars) },
        });
        Assert.Null(ApnsPayload.Build(Payload("alert", 4500), out var alertError));
        Assert.StartsWith("payload is ", alertError);
        Assert.NotNull(ApnsPayload.Build(Payload("voip", 4500), out _));
        Assert.Null(ApnsPayload.Build(Payload("voip", 5200), out var voipError));
        Assert.Contains("5120 for VoIP", voipError);
        var background = ApnsPayload.Build(Payload("background", 10), out _)!;
        Assert.Equal(5, background.Priority);
        Assert.Equal(1, JsonDocument.Parse(background.Body).RootElement.GetProperty("aps").GetProperty("content-available").GetInt32());
    }

    [Fact]
    public void Wrong_APNs_settings_stop_Herald_at_start_naming_the_key_and_the_fix()
    {
        var ex = StartRefusal.Of(new Dictionary<string, string?>
        {
            ["Herald:Push:Apns:ProductionUrl"] = "api.push.apple.com",
            ["Herald:Push:Apns:TrustedCaFile"] = "/nonexistent/ca.pem",
            ["Herald:Push:Apns:MaxConnectionsPerCredential"] = "0",
        });
        Assert.Contains("Herald:Push:Apns:ProductionUrl 'api.push.apple.com' is not an http(s) URL", ex.Message);
        Assert.Contains("Herald:Push:Apns:TrustedCaFile: '/nonexistent/ca.pem' does not exist", ex.Message);
        Assert.Contains("Herald:Push:Apns:MaxConnectionsPerCredential must be 1-100", ex.Message);
    }
}
