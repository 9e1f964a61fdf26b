using Herald.Webhooks;

namespace Herald.Tests.Webhooks;

public sealed class EventTypeFilterTests
{
    [Theory]
    [InlineData(new string[0], "message.created", true)]
    [InlineData(new[] { "message.created" }, "message.created", true)]
    [InlineData(new[] { "message.created" }, "message.updated", false)]
    [InlineData(new[] { "call.*" }, "call.initiated", true)]
    [InlineData(new[] { "call.*" }, "callx.initiated", false)]
    [InlineData(new[] { "group.*", "reaction.added" }, "reaction.added", true)]
    public void Event_type_filters(string[] filter, string type, bool matches) =>
        Assert.Equal(matches, EventTypeFilter.Matches(filter, type));
}
