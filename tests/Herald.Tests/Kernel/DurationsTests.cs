using Herald.Kernel;

namespace Herald.Tests.Kernel;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("0s", 0)]
    [InlineData("500ms", 500)]
    [InlineData("5s", 5000)]
    [InlineData("5m", 300_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("00:00:05", 5000)]
    public void Durations_accept_the_short_forms_of_the_design(string text, int ms)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(ms), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5 parsecs")]
    [InlineData("-5s")]
    [InlineData("s")]
    public void Durations_refuse_nonsense(string text) => Assert.False(Durations.TryParse(text, out _));
}
