using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Herald.Webhooks.Tests;

public class WebhookVerifierTests
{
    // Test vector from the Standard Webhooks specification.
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string MsgId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string TimestampText = "1614265330";
    private const string Payload = """{"test": 2432232314}""";
    private const string ExpectedSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static FakeTimeProvider ClockAt(long unixSeconds) => new(DateTimeOffset.FromUnixTimeSeconds(unixSeconds));

    private static WebhookVerifier Verifier(long nowUnixSeconds = Timestamp, string secret = Secret) =>
        new(secret, timeProvider: ClockAt(nowUnixSeconds));

    [Fact]
    public void Sign_produces_spec_test_vector()
    {
        Assert.Equal(ExpectedSignature, WebhookVerifier.Sign(Secret, MsgId, Timestamp, Payload));
        Assert.Equal(ExpectedSignature, WebhookVerifier.Sign(Secret, MsgId, Timestamp, Encoding.UTF8.GetBytes(Payload)));
    }

    [Fact]
    public void Verify_accepts_spec_test_vector()
    {
        var verifier = Verifier();
        verifier.Verify(Payload, MsgId, TimestampText, ExpectedSignature);
        verifier.Verify(Encoding.UTF8.GetBytes(Payload), MsgId, TimestampText, ExpectedSignature);
        Assert.True(verifier.TryVerify(Payload, MsgId, TimestampText, ExpectedSignature, out var error));
        Assert.Null(error);
    }

    [Fact]
    public void Raw_base64_secret_without_prefix_is_accepted()
    {
        var verifier = Verifier(secret: Secret["whsec_".Length..]);
        Assert.True(verifier.TryVerify(Payload, MsgId, TimestampText, ExpectedSignature, out var error), error);
        Assert.Equal(ExpectedSignature, WebhookVerifier.Sign(Secret["whsec_".Length..], MsgId, Timestamp, Payload));
    }

    [Fact]
    public void Tampered_body_fails()
    {
        var ex = Assert.Throws<WebhookVerificationException>(
            () => Verifier().Verify("""{"test": 2432232315}""", MsgId, TimestampText, ExpectedSignature));
        Assert.Contains("No matching v1 signature", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tampered_id_fails()
    {
        Assert.False(Verifier().TryVerify(Payload, MsgId + "x", TimestampText, ExpectedSignature, out var error));
        Assert.Contains("No matching v1 signature", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_secret_fails()
    {
        var other = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("a completely different key!!"));
        Assert.False(Verifier(secret: other).TryVerify(Payload, MsgId, TimestampText, ExpectedSignature, out var error));
        Assert.Contains("No matching v1 signature", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-301, "too old")]
    [InlineData(301, "too new")]
    public void Timestamp_outside_tolerance_fails(long offsetSeconds, string expected)
    {
        // Signature is valid for the timestamp; only the clock is off by just over 5 minutes.
        var ts = Timestamp + offsetSeconds;
        var sig = WebhookVerifier.Sign(Secret, MsgId, ts, Payload);
        var ex = Assert.Throws<WebhookVerificationException>(
            () => Verifier().Verify(Payload, MsgId, ts.ToString(System.Globalization.CultureInfo.InvariantCulture), sig));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("webhook-timestamp", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-300)]
    [InlineData(300)]
    public void Timestamp_at_edge_of_tolerance_passes(long offsetSeconds)
    {
        var ts = Timestamp + offsetSeconds;
        var sig = WebhookVerifier.Sign(Secret, MsgId, ts, Payload);
        Assert.True(Verifier().TryVerify(Payload, MsgId, ts.ToString(System.Globalization.CultureInfo.InvariantCulture), sig, out var error), error);
    }

    [Fact]
    public void Tolerance_is_configurable()
    {
        var verifier = new WebhookVerifier(Secret, TimeSpan.FromSeconds(10), ClockAt(Timestamp + 11));
        Assert.False(verifier.TryVerify(Payload, MsgId, TimestampText, ExpectedSignature, out var error));
        Assert.Contains("too old", error, StringComparison.Ordinal);

        var lenient = new WebhookVerifier(Secret, TimeSpan.FromHours(1), ClockAt(Timestamp + 3000));
        Assert.True(lenient.TryVerify(Payload, MsgId, TimestampText, ExpectedSignature, out error), error);
    }

    [Fact]
    public void Non_numeric_timestamp_fails()
    {
        Assert.False(Verifier().TryVerify(Payload, MsgId, "yesterday", ExpectedSignature, out var error));
        Assert.Contains("webhook-timestamp", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Multiple_signatures_pass_when_second_matches()
    {
        var stale = WebhookVerifier.Sign("whsec_" + Convert.ToBase64String(new byte[32]), MsgId, Timestamp, Payload);
        Assert.NotEqual(ExpectedSignature, stale);
        Verifier().Verify(Payload, MsgId, TimestampText, $"{stale} {ExpectedSignature}");
    }

    [Fact]
    public void Multiple_signatures_fail_when_none_match()
    {
        var stale = WebhookVerifier.Sign("whsec_" + Convert.ToBase64String(new byte[32]), MsgId, Timestamp, Payload);
        Assert.False(Verifier().TryVerify(Payload, MsgId, TimestampText, $"{stale} v1,notbase64!!", out _));
    }

    [Fact]
    public void Non_v1_prefixes_are_ignored()
    {
        var mac = ExpectedSignature["v1,".Length..];
        // The correct MAC under another version label must not count as a v1 match...
        Assert.False(Verifier().TryVerify(Payload, MsgId, TimestampText, $"v2,{mac} v1a,{mac}", out var error));
        Assert.Contains("No matching v1 signature", error, StringComparison.Ordinal);
        // ...and unknown versions next to a valid v1 do not break verification.
        Assert.True(Verifier().TryVerify(Payload, MsgId, TimestampText, $"v1a,{mac} {ExpectedSignature} v2,xyz", out error), error);
    }

    [Theory]
    [InlineData(null, TimestampText, ExpectedSignature, "webhook-id")]
    [InlineData(MsgId, null, ExpectedSignature, "webhook-timestamp")]
    [InlineData(MsgId, TimestampText, null, "webhook-signature")]
    [InlineData("", TimestampText, ExpectedSignature, "webhook-id")]
    [InlineData(MsgId, " ", ExpectedSignature, "webhook-timestamp")]
    [InlineData(MsgId, TimestampText, "", "webhook-signature")]
    public void Missing_header_fails_naming_the_header(string? id, string? ts, string? sig, string header)
    {
        var ex = Assert.Throws<WebhookVerificationException>(() => Verifier().Verify(Payload, id, ts, sig));
        Assert.Equal($"Missing required header '{header}'.", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("whsec_")]
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_abc")]
    public void Malformed_secret_throws(string secret)
    {
        var ex = Assert.Throws<ArgumentException>(() => new WebhookVerifier(secret));
        Assert.Contains("whsec_<base64>", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => WebhookVerifier.Sign(secret, MsgId, Timestamp, Payload));
    }

    [Fact]
    public void Negative_tolerance_throws()
    {
        Assert.Throws<ArgumentException>(() => new WebhookVerifier(Secret, TimeSpan.FromSeconds(-1)));
    }
}
