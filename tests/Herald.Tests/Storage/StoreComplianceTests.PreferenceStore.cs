using Herald.Storage;

namespace Herald.Tests.Storage;

/// <summary>The compliance suite's part for <see cref="IPreferenceStore"/>.</summary>
public abstract partial class StoreComplianceTests
{
    [Fact]
    public async Task Preferences_are_saved_whole_and_read_one_or_many()
    {
        Assert.Null(await Store.GetPreferencesAsync(App, "alice", default));
        var prefs = new UserPreferences(new Dictionary<string, long?> { ["group_hiking"] = T0 + 1, ["forever"] = null }, ["call"],
            new QuietHours("22:00", "07:00", "Europe/Paris"), "fr");
        await Store.SavePreferencesAsync(App, "alice", UserPreferences.Default, T0, default);
        await Store.SavePreferencesAsync(App, "alice", prefs, T0 + 1, default);
        var read = (await Store.GetPreferencesAsync(App, "alice", default))!;
        Assert.Equal((T0 + 1, (long?)null, "call", "Europe/Paris", "fr"),
            (read.MutedConversations["group_hiking"], read.MutedConversations["forever"], read.MutedCategories.Single(), read.QuietHours!.TimeZone, read.Locale));
        var many = await Store.GetPreferencesAsync(App, ["alice", "bob"], default);
        Assert.Equal(["alice"], many.Keys);
        Assert.Empty(await Store.GetPreferencesAsync(App, Array.Empty<string>(), default));
    }

    [Fact]
    public async Task Push_levels_and_snooze_are_kept_and_absent_ones_read_as_the_defaults()
    {
        var prefs = UserPreferences.Default with
        {
            PushLevel = "mentions", ConversationPushLevels = new Dictionary<string, string> { ["group_hiking"] = "none", ["u1_user_u2"] = "all" },
            SnoozeUntil = T0 + 60_000,
        };
        await Store.SavePreferencesAsync(App, "carol", prefs, T0, default);
        var read = (await Store.GetPreferencesAsync(App, ["carol"], default))["carol"];
        Assert.Equal(("mentions", T0 + 60_000, "none", "all"),
            (read.PushLevel, read.SnoozeUntil, read.ConversationPushLevels!["group_hiking"], read.ConversationPushLevels["u1_user_u2"]));

        // Unset, they read back as null: pushLevel "all", no conversation levels, not snoozed.
        await Store.SavePreferencesAsync(App, "dave", UserPreferences.Default, T0, default);
        var old = (await Store.GetPreferencesAsync(App, "dave", default))!;
        Assert.Equal((null, null, null), (old.PushLevel, old.ConversationPushLevels, old.SnoozeUntil));
    }
}
