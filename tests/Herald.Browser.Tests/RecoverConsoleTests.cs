using Herald.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Herald.Browser.Tests;

/// <summary>
/// Recovering failed deliveries from the console (issue 22, item 5): the Deliveries page finds them by HTTP
/// status, the Webhooks page counts what would be sent before it sends, and the receiver gets only those.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class RecoverConsoleTests(ConsoleFixture fx)
{
    private static object Message(string id) => new
    {
        id, type = "message.created", sender = new { uid = "u1", name = "Ann" }, conversation = new { type = "user" }, recipients = new[] { "u2" },
        data = new { text = "hi" },
    };

    [Fact]
    public async Task Counts_the_failed_deliveries_then_recovers_only_those()
    {
        var app = await fx.NewAppAsync("Recover app");
        await using var receiver = await Receiver.StartAsync();
        // The fixture's schedule is one attempt: "bad" fails for good, "good" is delivered.
        receiver.Respond = (_, r) => Task.FromResult(r.Body.Contains("\"id\":\"bad\"", StringComparison.Ordinal) ? 503 : 200);
        await app.Admin.PostJsonAsync($"/v1/apps/{app.Id}/endpoints", new { url = receiver.Url });
        using (var ingest = fx.Server.CreateClient(app.IngestKey))
        {
            await ingest.PostJsonAsync($"/v1/apps/{app.Id}/events", Message("good"));
            await ingest.PostJsonAsync($"/v1/apps/{app.Id}/events", Message("bad"));
        }
        await Api.EventuallyAsync(() => app.Admin.GetJsonAsync($"/v1/apps/{app.Id}/deliveries?status=failed"),
            p => p.GetProperty("items").GetArrayLength() == 1, "the bad delivery to fail");
        await Api.EventuallyAsync(() => app.Admin.GetJsonAsync($"/v1/apps/{app.Id}/deliveries?status=succeeded"),
            p => p.GetProperty("items").GetArrayLength() == 1, "the good delivery to succeed");

        var page = await fx.SignedInPageAsync(app.AdminKey);
        await page.GotoAsync($"/console/{app.Id}/deliveries");
        await page.GetByLabel("HTTP code").FillAsync("5xx");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page.Locator("table.deliveries tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("table.deliveries tbody")).ToContainTextAsync("HTTP 503");

        await page.GotoAsync($"/console/{app.Id}/webhooks");
        await page.GetByText("Edit, replay or recover").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Count what would be sent to {receiver.Url}" }).ClickAsync();
        await Expect(page.GetByText("1 delivery would be sent")).ToBeVisibleAsync();
        Assert.Equal(2, receiver.Requests.Count); // counting sent nothing
        await fx.ScreenshotAsync(page, "20-recover-count");

        receiver.Respond = (_, _) => Task.FromResult(200);
        await page.GetByRole(AriaRole.Button, new() { Name = "Recover 1" }).ClickAsync();
        await Expect(page.GetByText("1 delivery queued again")).ToBeVisibleAsync();
        await Api.EventuallyAsync(() => app.Admin.GetJsonAsync($"/v1/apps/{app.Id}/deliveries?status=succeeded"),
            p => p.GetProperty("items").GetArrayLength() == 2, "the recovered delivery to succeed");
        Assert.Equal(["bad", "bad", "good"], receiver.Requests.Select(r => r.Body.Contains("\"id\":\"bad\"", StringComparison.Ordinal) ? "bad" : "good").Order());
        await page.Context.CloseAsync();
    }
}
