using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Herald.Browser.Tests;

/// <summary>The Devices page answers "would this user be notified, and why not" with the API's own decision.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class NotificationRuleConsoleTests(ConsoleFixture fx)
{
    [Fact]
    public async Task The_devices_page_says_why_a_user_would_not_be_notified_in_a_conversation()
    {
        var app = await fx.NewAppAsync("Rules app");
        await app.Admin.PostJsonAsync($"/v1/apps/{app.Id}/push/credentials", new { name = "Gateway", provider = "custom", url = "http://127.0.0.1:9/push" });
        var put = await app.Admin.PutAsJsonAsync($"/v1/apps/{app.Id}/users/u2/preferences",
            new { conversationPushLevels = new Dictionary<string, string> { ["group_hiking"] = "mentions" } });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());

        var page = await fx.SignedInPageAsync(app.AdminKey);
        await page.GotoAsync($"/console/{app.Id}/devices?uid=u2");
        var check = page.GetByRole(AriaRole.Form, new() { Name = "Check a notification" });
        await check.GetByLabel("Conversation").FillAsync("group_hiking");
        await check.GetByRole(AriaRole.Button, new() { Name = "Check" }).ClickAsync();
        var result = page.Locator("#check-result");
        await Expect(result).ToContainTextAsync("not notified");
        await Expect(result).ToContainTextAsync("pushLevel mentions for this conversation and this is not a mention");

        await page.GetByRole(AriaRole.Form, new() { Name = "Check a notification" }).GetByLabel("Mentions the user").CheckAsync();
        await page.GetByRole(AriaRole.Form, new() { Name = "Check a notification" }).GetByRole(AriaRole.Button, new() { Name = "Check" }).ClickAsync();
        await Expect(page.Locator("#check-result")).ToContainTextAsync("Notified: pushLevel mentions");
        await page.Context.CloseAsync();
    }
}
