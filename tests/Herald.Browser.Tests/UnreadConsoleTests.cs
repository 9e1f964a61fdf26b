using Herald.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Herald.Browser.Tests;

/// <summary>The Devices page shows a user's unread count and marks everything read (issue 22), confirmed through the REST API.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class UnreadConsoleTests(ConsoleFixture fx)
{
    [Fact]
    public async Task The_devices_page_shows_the_unread_count_and_marks_all_read()
    {
        var app = await fx.NewAppAsync("Unread app");
        await using var gateway = await Receiver.StartAsync();
        await app.Admin.PostJsonAsync($"/v1/apps/{app.Id}/push/credentials", new { name = "Push gateway", provider = "custom", url = gateway.Url });
        using var ingest = fx.Server.CreateClient(app.IngestKey);
        foreach (var messageId in new[] { "m1", "m2" })
            await ingest.PostJsonAsync($"/v1/apps/{app.Id}/events", new
            {
                type = "message.created", sender = new { uid = "u1", name = "Andrew Joseph" }, conversation = new { type = "user" },
                recipients = new[] { "u2" }, data = new { text = "hello", messageId },
            });
        await Api.EventuallyAsync(() => app.Admin.GetJsonAsync($"/v1/apps/{app.Id}/users/u2/unread"),
            u => u.GetProperty("unreadMessageCount").GetInt32() == 2, "the two messages to be counted");

        var page = await fx.SignedInPageAsync(app.AdminKey);
        await page.GotoAsync($"/console/{app.Id}/devices?uid=u2");
        await Expect(page.Locator("#unread-count")).ToHaveTextAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Mark all read" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("0 unread left");
        await Expect(page.Locator("#unread-count")).ToHaveTextAsync("0");
        Assert.Equal(0, (await app.Admin.GetJsonAsync($"/v1/apps/{app.Id}/users/u2/unread")).GetProperty("unreadMessageCount").GetInt32());
        await page.Context.CloseAsync();
    }
}
