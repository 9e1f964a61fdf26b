using System.Text;
using Herald.Webhooks;

namespace Herald.Tests.Webhooks;

public sealed class WebhookSignerTests
{
    [Fact]
    public void The_server_signer_reproduces_the_standard_webhooks_test_vector()
    {
        var key = WebhookSecrets.Decode("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")!;
        var signature = WebhookSigner.Sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, Encoding.UTF8.GetBytes("{\"test\": 2432232314}"), [key]);
        Assert.Equal("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    [Theory]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", true)]   // 24 bytes
    [InlineData("whsec_c2hvcnQ=", false)]                            // too short
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", false)]          // no prefix
    [InlineData("whsec_not*base64", false)]
    public void Secrets_must_be_whsec_and_24_to_64_bytes(string secret, bool valid) =>
        Assert.Equal(valid, WebhookSecrets.Decode(secret) is not null);

    [Fact]
    public void Generated_secrets_are_valid_and_distinct()
    {
        var a = WebhookSecrets.Generate();
        Assert.Equal(32, WebhookSecrets.Decode(a)!.Length);
        Assert.NotEqual(a, WebhookSecrets.Generate());
    }
}
