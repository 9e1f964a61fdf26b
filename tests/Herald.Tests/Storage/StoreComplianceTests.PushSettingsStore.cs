using Herald.Storage;

namespace Herald.Tests.Storage;

/// <summary>The compliance suite's part for <see cref="IPushSettingsStore"/>.</summary>
public abstract partial class StoreComplianceTests
{
    [Fact]
    public async Task Push_settings_and_event_toggles_round_trip()
    {
        Assert.Null(await Store.GetPushSettingsAsync(App, default));
        var settings = PushSettings.Default with { Enabled = false, CustomJson = "{\"x\":1}", Throttle = new ThrottleSettings(5, 10) };
        await Store.SavePushSettingsAsync(App, settings, T0, default);
        await Store.SavePushSettingsAsync(App, settings with { IncludeBadgeCount = true }, T0 + 1, default);
        Assert.Equal(settings with { IncludeBadgeCount = true }, await Store.GetPushSettingsAsync(App, default));
        Assert.False((await Store.GetPushSettingsAsync(App, default))!.MentionsBreakMute); // absent from older documents: off
        await Store.SavePushSettingsAsync(App, settings with { MentionsBreakMute = true }, T0 + 2, default);
        Assert.True((await Store.GetPushSettingsAsync(App, default))!.MentionsBreakMute);

        var template = new PushTemplate("{{senderName}}", "{{text}}", new Dictionary<string, LocaleText> { ["fr"] = new("Nouveau", "{{text}}") });
        await Store.SaveEventPushSettingAsync(App, new EventPushSetting("message.created", "group", true, template), T0, default);
        await Store.SaveEventPushSettingAsync(App, new EventPushSetting("call.initiated", "", false, null), T0, default);
        await Store.SaveEventPushSettingAsync(App, new EventPushSetting("call.initiated", "", true, null), T0 + 1, default);
        var list = await Store.ListEventPushSettingsAsync(App, default);
        Assert.Equal(["call.initiated", "message.created"], list.Select(s => s.Type));
        Assert.True(list[0].Allowed);
        Assert.Equal("Nouveau", list[1].Template!.Locales!["fr"].Title);
    }
}
