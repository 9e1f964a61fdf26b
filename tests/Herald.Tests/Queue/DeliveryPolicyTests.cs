using Microsoft.Extensions.Configuration;
using Herald.Hosting;
using Herald.Kernel;
using Herald.Queue;
using Microsoft.Extensions.Options;

namespace Herald.Tests.Queue;

public sealed class DeliveryPolicyTests
{
    private static RetryPolicy Policy(string schedule = "0s,5s,5m,30m,2h,5h,10h,10h", double jitter = 0.2) =>
        new(Options.Create(new DeliveryOptions { RetrySchedule = schedule, RetryJitter = jitter }));

    [Fact]
    public void The_default_schedule_is_the_one_of_the_design()
    {
        var o = new DeliveryOptions();
        Assert.Equal(
            [TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
             TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10)],
            o.RetryScheduleValue);
        Assert.Equal(8, Policy().MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(5), o.WebhookTimeoutValue);
    }

    [Fact]
    public void Each_delay_is_jittered_within_twenty_percent_and_spread()
    {
        var policy = Policy();
        var random = new Random(42);
        var delays = Enumerable.Range(0, 500).Select(_ => policy.NextDelay(0, null, random)!.Value.TotalSeconds).ToArray();
        Assert.All(delays, d => Assert.InRange(d, 4.0, 6.0));
        Assert.True(delays.Min() < 4.3 && delays.Max() > 5.7, "jitter should use the whole ±20 % band");
    }

    [Fact]
    public void After_the_last_attempt_there_is_no_next_delay()
    {
        var policy = Policy("0s,1s");
        Assert.NotNull(policy.NextDelay(0, null));
        Assert.Null(policy.NextDelay(1, null));
    }

    [Theory]
    [InlineData(1, 30)]      // asks for less than scheduled → the scheduled 30 s
    [InlineData(45, 45)]     // within 1×–2× → honoured
    [InlineData(3600, 60)]   // asks for an hour → at most 2× = 60 s
    public void Retry_after_is_honoured_between_one_and_two_times_the_scheduled_delay(int retryAfterSeconds, int expectedSeconds)
    {
        var policy = Policy("0s,30s", jitter: 0.2);
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), policy.NextDelay(0, TimeSpan.FromSeconds(retryAfterSeconds)));
    }

    [Fact]
    public void A_bad_schedule_stops_the_start_with_a_message_naming_the_key()
    {
        var result = new DeliveryOptionsValidator().Validate(null, new DeliveryOptions { RetrySchedule = "0s,soon" });
        Assert.True(result.Failed);
        Assert.Contains("Herald:Delivery:RetrySchedule", result.FailureMessage);
    }
}
