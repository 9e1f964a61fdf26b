using System.Text;
using System.Text.Json;
using Herald.Tests.Push;
using Herald.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Herald.Browser.Tests;

/// <summary>
/// The console in headless Chromium against a real server process: every check of the issue, through
/// accessible names (GetByRole / GetByLabel), and each result confirmed through the REST API or a receiver.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleTests(ConsoleFixture fx, ITestOutputHelper output)
{
    private static string Push(string app) => $"/console/{app}/push";

    private static object Message(string conversationType, string text, string to = "u2") => new
    {
        type = "message.created",
        sender = new { uid = "u1", name = "Andrew Joseph" },
        conversation = conversationType == "group" ? new { id = "hiking", type = "group", name = "Hiking group" } : (object)new { type = "user" },
        recipients = new[] { to },
        data = new { text, messageId = Guid.NewGuid().ToString("N") },
    };

    private async Task<string> IngestAsync(ConsoleFixture.TestApp app, object ev)
    {
        using var ingest = fx.Server.CreateClient(app.IngestKey);
        return (await ingest.PostJsonAsync($"/v1/apps/{app.Id}/events", ev)).GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task Signs_in_with_an_admin_key_and_refuses_other_keys()
    {
        var app = await fx.NewAppAsync("Sign-in app");
        var context = await fx.Browser.NewContextAsync(new() { BaseURL = fx.Server.BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();

        await page.GotoAsync(Push(app.Id));
        Assert.Contains("/console/login", page.Url, StringComparison.Ordinal); // not signed in: the login page
        await fx.ScreenshotAsync(page, "01-login");

        await page.GetByLabel("Admin key").FillAsync("hk_0123456789abcdef_not-a-real-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByText("This key is not valid")).ToBeVisibleAsync();

        await page.GetByLabel("Admin key").FillAsync(app.IngestKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByText("the console needs an 'admin' key")).ToBeVisibleAsync();

        await page.GetByLabel("Admin key").FillAsync(app.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync($"**{Push(app.Id)}"); // back where it was going
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Push notifications", Level = 1 })).ToBeVisibleAsync();

        var cookie = (await context.CookiesAsync()).Single(c => c.Name == "herald_console");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("/console", cookie.Path);
        Assert.DoesNotContain(app.AdminKey, cookie.Value, StringComparison.Ordinal);

        // An app key sees only its app; the API still wants its bearer key, never the cookie.
        var other = await fx.NewAppAsync("Someone else's app");
        await page.GotoAsync(Push(other.Id));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "App not found" })).ToBeVisibleAsync();
        var api = await page.APIRequest.GetAsync($"/v1/apps/{app.Id}/push/settings");
        Assert.Equal(401, api.Status);

        // The root key lists the apps and can switch between them.
        var root = await fx.SignedInPageAsync(ConsoleFixture.RootKey);
        await Expect(root.GetByRole(AriaRole.Heading, new() { Name = "Apps" })).ToBeVisibleAsync();
        await root.GetByRole(AriaRole.Link, new() { Name = "Sign-in app" }).ClickAsync();
        await Expect(root.GetByRole(AriaRole.Link, new() { Name = "Switch app" })).ToBeVisibleAsync();
        await root.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await root.WaitForURLAsync("**/console/login");
        await context.CloseAsync();
    }

    [Fact]
    public async Task Master_toggle_off_and_on_is_what_the_API_sees()
    {
        var app = await fx.NewAppAsync("Toggle app");
        var page = await fx.SignedInPageAsync(app.AdminKey);
        var master = page.GetByRole(AriaRole.Switch, new() { Name = "Enable push notifications" });
        await Expect(master).ToHaveAttributeAsync("aria-checked", "true");

        await master.ClickAsync();
        await Expect(master).ToHaveAttributeAsync("aria-checked", "false");
        Assert.False((await app.Admin.GetJsonAsync($"/v1/apps/{app.Id}/push/settings")).GetProperty("enabled").GetBoolean());

        // By keyboard this time: focus and Space.
        await master.FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Expect(master).ToHaveAttributeAsync("aria-checked", "true");
        Assert.True((await app.Admin.GetJsonAsync($"/v1/apps/{app.Id}/push/settings")).GetProperty("enabled").GetBoolean());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Adds_an_APNs_p8_key_and_a_custom_provider_with_the_validators_messages_inline()
    {
        var app = await fx.NewAppAsync("Credentials app");
        await using var receiver = await Receiver.StartAsync();
        var page = await fx.SignedInPageAsync(app.AdminKey);
        var form = page.Locator("form.cred-form");

        // APNs with a .p8 key generated on the spot (EC P-256), uploaded as a file.
        await page.GetByLabel("Certificate name").FillAsync("App Store key");
        await page.GetByLabel("APNs (iOS)").CheckAsync();
        await page.GetByLabel(".p8 key file").SetInputFilesAsync(new FilePayload
        {
            Name = "AuthKey_ABC123DEFG.p8", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes(TestCredentials.P256Pem),
        });
        await page.GetByLabel("Key ID").FillAsync("ABC123DEFG");
        await page.GetByLabel("Team ID").FillAsync("bad team");
        await page.GetByLabel("Topic (bundle id)").FillAsync(TestCredentials.BundleId);
        await form.GetByRole(AriaRole.Button, new() { Name = "Save credentials" }).ClickAsync();
        // The API's validator speaks, next to the field, which is marked invalid.
        await Expect(page.Locator("#err-teamId")).ToContainTextAsync("is not a teamId");
        await Expect(page.GetByLabel("Team ID")).ToHaveAttributeAsync("aria-invalid", "true");

        await page.GetByLabel(".p8 key file").SetInputFilesAsync(new FilePayload
        {
            Name = "AuthKey_ABC123DEFG.p8", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes(TestCredentials.P256Pem),
        });
        await page.GetByLabel("Team ID").FillAsync("DEF123GHIJ");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save credentials" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("'App Store key' was added and is active");

        // A custom provider: URL and Basic Auth; a bad URL first.
        await page.GetByText("Add credentials").ClickAsync();
        await page.GetByLabel("Certificate name").FillAsync("Our gateway");
        await page.GetByLabel("Custom provider").CheckAsync();
        await page.GetByLabel("Webhook URL").FillAsync("ftp://push.example.com/herald");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save credentials" }).ClickAsync();
        await Expect(page.Locator("#err-url")).ToContainTextAsync("https");
        await page.GetByLabel("Webhook URL").FillAsync(receiver.Url);
        await page.GetByLabel("Basic Auth user name (optional)").FillAsync("herald");
        await page.GetByLabel("Basic Auth password").FillAsync(TestCredentials.CustomPassword);
        await form.GetByRole(AriaRole.Button, new() { Name = "Save credentials" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "was added" })).ToContainTextAsync("'Our gateway' was added and is active");
        // A custom credential's signing secret is shown once, beside the notice (issue 22).
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Signing secret of 'Our gateway'" })).ToContainTextAsync("whsec_");

        var table = page.Locator("#certificates table");
        foreach (var column in new[] { "Certificate Name", "Platform", "Provider", "Environment", "Expires", "Days to expiry", "Active" })
            await Expect(table.GetByRole(AriaRole.Columnheader, new() { Name = column, Exact = true })).ToBeVisibleAsync();
        await Expect(table.GetByRole(AriaRole.Row, new() { Name = "App Store key" })).ToContainTextAsync("APNs");
        await Expect(table.GetByRole(AriaRole.Row, new() { Name = "Our gateway" })).ToContainTextAsync("Custom");

        var listed = (await app.Admin.GetJsonAsync($"/v1/apps/{app.Id}/push/credentials")).EnumerateArray().ToList();
        var apns = listed.Single(c => c.GetProperty("provider").GetString() == "apns");
        Assert.Equal("token", apns.GetProperty("authKind").GetString());
        Assert.Equal("ABC123DEFG", apns.GetProperty("keyId").GetString());
        Assert.True(apns.GetProperty("active").GetBoolean());
        var custom = listed.Single(c => c.GetProperty("provider").GetString() == "custom");
        Assert.Equal(receiver.Url, custom.GetProperty("url").GetString());
        Assert.Equal("herald", custom.GetProperty("username").GetString());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Activating_a_second_credential_deactivates_the_first()
    {
        var app = await fx.NewAppAsync("Activation app");
        await using var receiver = await Receiver.StartAsync();
        var first = (await app.Admin.PostJsonAsync($"/v1/apps/{app.Id}/push/credentials", new { name = "Staging gateway", provider = "custom", url = receiver.Url })).GetProperty("id").GetString();
        var second = (await app.Admin.PostJsonAsync($"/v1/apps/{app.Id}/push/credentials", new { name = "Production gateway", provider = "custom", url = receiver.Url })).GetProperty("id").GetString();

        var page = await fx.SignedInPageAsync(app.AdminKey);
        var rows = page.Locator("#certificates tbody");
        await Expect(rows.GetByRole(AriaRole.Row, new() { Name = "Staging gateway" })).ToContainTextAsync("Active");
        await page.GetByRole(AriaRole.Button, new() { Name = "Activate Production gateway" }).ClickAsync();

        await Expect(rows.GetByRole(AriaRole.Row, new() { Name = "Production gateway" }).GetByText("Active", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Activate Staging gateway" })).ToBeVisibleAsync();
        var listed = (await app.Admin.GetJsonAsync($"/v1/apps/{app.Id}/push/credentials")).EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!, c => c.GetProperty("active").GetBoolean());
        Assert.False(listed[first!]);
        Assert.True(listed[second!]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Switching_an_events_Allow_off_stops_its_pushes()
    {
        var app = await fx.NewAppAsync("Allow app");
        await using var receiver = await Receiver.StartAsync();
        await app.Admin.PostJsonAsync($"/v1/apps/{app.Id}/push/credentials", new { name = "Gateway", provider = "custom", url = receiver.Url });

        var page = await fx.SignedInPageAsync(app.AdminKey);
        foreach (var tab in new[] { "Chat Events", "Community Events", "Live Stream Events" })
            await Expect(page.GetByRole(AriaRole.Tab, new() { Name = tab, Exact = true })).ToBeVisibleAsync();
        const string description = "When there is a new message in the users conversation";
        var allow = page.GetByRole(AriaRole.Switch, new() { Name = $"Allow: {description}", Exact = true });
        await Expect(allow).ToHaveAttributeAsync("aria-checked", "true");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Edit message: {description}" })).ToBeVisibleAsync();
        await allow.ClickAsync();
        await Expect(allow).ToHaveAttributeAsync("aria-checked", "false");

        var rows = (await app.Admin.GetJsonAsync($"/v1/apps/{app.Id}/push/events")).EnumerateArray();
        var row = rows.Single(r => r.GetProperty("type").GetString() == "message.created" && r.GetProperty("conversationType").GetString() == "user");
        Assert.False(row.GetProperty("allowed").GetBoolean());

        // The one-on-one message no longer pushes; a group message (still allowed), sent after it, does.
        var privateId = await IngestAsync(app, Message("user", "a private hello"));
        await IngestAsync(app, Message("group", "a group hello"));
        await Api.EventuallyAsync(() => Task.FromResult(receiver.Requests.Count), n => n >= 1, "the group message's push");
        await Task.Delay(1000);
        var bodies = receiver.Requests.Select(r => r.Body).ToList();
        Assert.Single(bodies);
        Assert.Contains("a group hello", bodies[0], StringComparison.Ordinal);
        var fanouts = (await app.Admin.GetJsonAsync($"/v1/apps/{app.Id}/deliveries?kind=fanout")).GetProperty("items").EnumerateArray();
        Assert.DoesNotContain(fanouts, d => d.GetProperty("eventId").GetString() == privateId);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_template_editor_shows_the_events_data_fields_and_schema_beside_the_placeholders()
    {
        var app = await fx.NewAppAsync("Schema app");
        var page = await fx.SignedInPageAsync(app.AdminKey);
        const string description = "When someone reacts to a message";
        await page.GetByRole(AriaRole.Button, new() { Name = $"Edit message: {description}" }).ClickAsync();
        var editor = page.GetByRole(AriaRole.Region, new() { Name = $"Edit message: {description}" });
        var fields = editor.Locator("#data-schema");
        await Expect(fields.Locator("dt").First).Not.ToBeVisibleAsync(); // collapsed until asked for
        await fields.Locator("summary").First.ClickAsync();
        await Expect(fields.Locator("dt", new() { HasText = "data.reaction" })).ToContainTextAsync("required");
        await Expect(fields.Locator("dt", new() { HasText = "data.messageId" })).ToContainTextAsync("optional");
        await fields.GetByText("JSON Schema").ClickAsync();
        await Expect(fields.Locator("pre")).ToContainTextAsync("https://json-schema.org/draft/2020-12/schema");
        await fx.ScreenshotAsync(page, "03-template-editor-data-schema");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_template_over_140_characters_shows_the_counter_and_is_refused()
    {
        var app = await fx.NewAppAsync("Template app");
        var page = await fx.SignedInPageAsync(app.AdminKey);
        const string description = "When a user joins a channel";
        await page.GetByRole(AriaRole.Button, new() { Name = $"Edit message: {description}" }).ClickAsync();
        var editor = page.GetByRole(AriaRole.Region, new() { Name = $"Edit message: {description}" });
        await Expect(editor).ToBeVisibleAsync();
        await Expect(editor.GetByRole(AriaRole.Button, new() { Name = "Insert {{senderName}}" })).ToBeVisibleAsync();
        await Expect(editor.GetByRole(AriaRole.Tab, new() { Name = "Default" })).ToBeVisibleAsync();

        // Live preview with sample values while typing.
        var body = editor.GetByLabel("Message", new() { Exact = true });
        await body.FillAsync("{{senderName}} is here");
        await Expect(editor.Locator("[data-preview-out-body]")).ToHaveTextAsync("Andrew Joseph is here");
        await Expect(editor.Locator("[data-counter]")).ToContainTextAsync("21 / 140");

        var tooLong = new string('x', 150);
        await body.FillAsync(tooLong);
        var counter = editor.Locator("[data-counter]");
        await Expect(counter).ToContainTextAsync("150 / 140");
        await Expect(counter).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("over"));
        await fx.ScreenshotAsync(page, "03-template-editor-over-140");

        await editor.GetByRole(AriaRole.Button, new() { Name = "Save message" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The fixed text alone is 150 characters");
        await Expect(page.GetByLabel("Message", new() { Exact = true })).ToHaveValueAsync(tooLong); // what was typed stays to be fixed

        var row = (await app.Admin.GetJsonAsync($"/v1/apps/{app.Id}/push/events")).EnumerateArray().Single(r => r.GetProperty("type").GetString() == "channel.member_joined");
        Assert.True(row.GetProperty("isDefaultTemplate").GetBoolean());

        // A French locale, then a valid save.
        await page.GetByLabel("Add a locale").FillAsync("fr");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add locale" }).ClickAsync();
        await page.GetByLabel("Message", new() { Exact = true }).FillAsync("{{senderName}} joined {{conversationName}}!");
        await page.GetByRole(AriaRole.Tab, new() { Name = "fr" }).ClickAsync();
        await page.GetByLabel("Message (fr)").FillAsync("{{senderName}} a rejoint {{conversationName}}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save message" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("message saved");
        row = (await app.Admin.GetJsonAsync($"/v1/apps/{app.Id}/push/events")).EnumerateArray().Single(r => r.GetProperty("type").GetString() == "channel.member_joined");
        Assert.Equal("{{senderName}} joined {{conversationName}}!", row.GetProperty("template").GetProperty("body").GetString());
        Assert.Equal("{{senderName}} a rejoint {{conversationName}}", row.GetProperty("template").GetProperty("locales").GetProperty("fr").GetProperty("body").GetString());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_failed_delivery_opens_with_its_attempts_and_is_retried()
    {
        var app = await fx.NewAppAsync("Retry app");
        await using var receiver = await Receiver.StartAsync();
        var status = 500;
        receiver.Respond = (_, _) => Task.FromResult(status);
        await app.Admin.PostJsonAsync($"/v1/apps/{app.Id}/endpoints", new { url = receiver.Url, description = "Backend" });
        var eventId = await IngestAsync(app, Message("group", "hello"));
        await Api.EventuallyAsync(() => app.Admin.GetJsonAsync($"/v1/apps/{app.Id}/deliveries?status=failed"),
            p => p.GetProperty("items").GetArrayLength() == 1, "the delivery to fail");

        var page = await fx.SignedInPageAsync(app.AdminKey);
        await page.GetByRole(AriaRole.Link, new() { Name = "Deliveries" }).ClickAsync();
        await page.GetByLabel("Status").SelectOptionAsync("failed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "message.created, failed" }).ClickAsync();
        await Expect(page.GetByText("HTTP 500").First).ToBeVisibleAsync();
        await Expect(page.Locator("pre.json")).ToContainTextAsync(eventId);
        await fx.ScreenshotAsync(page, "05-delivery-failed");

        status = 200;
        await page.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Queued again");
        await Api.EventuallyAsync(async () =>
        {
            await page.GotoAsync(page.Url); // a GET: the retry redirected to the page, so nothing is posted again
            return await page.Locator("h2#facts-h .badge").InnerTextAsync();
        }, s => s == "succeeded", "the retried delivery to succeed");
        await Expect(page.GetByText("Attempt 2")).ToBeVisibleAsync();
        Assert.Equal(2, receiver.Requests.Count);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_401_answering_endpoint_shows_a_diagnostic_that_links_to_its_fix()
    {
        var app = await fx.NewAppAsync("Diagnostics app");
        await using var receiver = await Receiver.StartAsync();
        receiver.Respond = (_, _) => Task.FromResult(401);
        var endpointId = (await app.Admin.PostJsonAsync($"/v1/apps/{app.Id}/endpoints", new { url = receiver.Url })).GetProperty("endpoint").GetProperty("id").GetString();
        await IngestAsync(app, Message("group", "hello"));
        await Api.EventuallyAsync(() => app.Admin.GetJsonAsync($"/v1/apps/{app.Id}/diagnostics"),
            d => d.GetProperty("findings").EnumerateArray().Any(f => f.GetProperty("code").GetString() == "webhook-unauthorized"), "the 401 diagnostic");

        var page = await fx.SignedInPageAsync(app.AdminKey);
        await page.GotoAsync($"/console/{app.Id}/monitoring");
        var finding = page.Locator("li.finding", new() { HasText = "webhook-unauthorized" });
        await Expect(finding).ToContainTextAsync("secret it checks does not match");
        await Expect(finding).ToContainTextAsync("Regenerate (rotate) the secret");
        await Expect(page.GetByRole(AriaRole.Article, new() { Name = "Webhook Failure Rate" })).ToContainTextAsync("100 %");
        await fx.ScreenshotAsync(page, "06-monitoring-401");
        await finding.GetByRole(AriaRole.Link, new() { Name = "Open the endpoint" }).ClickAsync();
        await page.WaitForURLAsync($"**/console/{app.Id}/webhooks#ep-{endpointId}");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Rotate secret of {receiver.Url}" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Every_page_has_a_screenshot_and_fits_a_375_pixel_screen()
    {
        var app = await fx.NewAppAsync("Tour app");
        await using var ok = await Receiver.StartAsync();
        await using var refusing = await Receiver.StartAsync();
        refusing.Respond = (_, _) => Task.FromResult(401);
        var now = DateTimeOffset.UtcNow;
        await app.Admin.PostJsonAsync($"/v1/apps/{app.Id}/push/credentials", new { name = "Push gateway", provider = "custom", url = ok.Url, username = "herald", password = TestCredentials.CustomPassword });
        await app.Admin.PostJsonAsync($"/v1/apps/{app.Id}/push/credentials", new { name = "App Store key", platform = "ios", provider = "apns", p8 = TestCredentials.P256Pem, keyId = "ABC123DEFG", teamId = "DEF123GHIJ", topic = TestCredentials.BundleId });
        // A development certificate marked production, 20 days left: both warning badges.
        await app.Admin.PostJsonAsync($"/v1/apps/{app.Id}/push/credentials", new { name = "Old certificate", platform = "ios", provider = "apns", environment = "production", p12 = TestCredentials.P12Base64(now, daysLeft: 20), p12Password = TestCredentials.P12Password });
        await app.Admin.PostJsonAsync($"/v1/apps/{app.Id}/endpoints", new { url = ok.Url, description = "Orders backend", eventTypes = new[] { "message.created", "call.*" } });
        await app.Admin.PostJsonAsync($"/v1/apps/{app.Id}/endpoints", new { url = refusing.Url, description = "Analytics (wrong secret)" });
        using (var put = await app.Admin.PutAsync(new Uri($"/v1/apps/{app.Id}/users/u2/devices/iphone-15", UriKind.Relative),
            JsonContent(new { platform = "ios", provider = "apns", token = new string('a', 64), locale = "fr-FR", environment = "sandbox" })))
            put.EnsureSuccessStatusCode();
        for (var i = 0; i < 6; i++) await IngestAsync(app, Message(i % 2 == 0 ? "group" : "user", $"hello {i}"));
        await Api.EventuallyAsync(() => app.Admin.GetJsonAsync($"/v1/apps/{app.Id}/deliveries?kind=webhook&status=pending"),
            p => p.GetProperty("items").GetArrayLength() == 0, "the webhooks to be sent");

        var page = await fx.SignedInPageAsync(app.AdminKey);
        var pages = new (string Name, string Path)[]
        {
            ("02-push", $"/console/{app.Id}/push"),
            ("03-push-community-tab", $"/console/{app.Id}/push?tab=community#events"),
            ("04-webhooks", $"/console/{app.Id}/webhooks"),
            ("05-deliveries", $"/console/{app.Id}/deliveries"),
            ("06-monitoring", $"/console/{app.Id}/monitoring"),
            ("07-devices", $"/console/{app.Id}/devices?uid=u2"),
        };
        foreach (var (name, path) in pages)
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(200, response!.Status);
            await fx.ScreenshotAsync(page, name);
        }
        await Expect(page.Locator("#certificates")).ToHaveCountAsync(0); // (on the devices page now)
        await page.GotoAsync($"/console/{app.Id}/push");
        await Expect(page.GetByText("Environment mismatch").First).ToBeVisibleAsync();
        await Expect(page.GetByText("Renew soon")).ToBeVisibleAsync();

        await page.GotoAsync($"/console/{app.Id}/devices?uid=u2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send test notification" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Test sent");
        Assert.Contains(ok.Requests, r => r.Body.Contains("Test notification", StringComparison.Ordinal));
        await fx.ScreenshotAsync(page, "07-devices-test-sent");

        var delivery = (await app.Admin.GetJsonAsync($"/v1/apps/{app.Id}/deliveries?kind=webhook")).GetProperty("items")[0].GetProperty("id").GetString();
        await page.GotoAsync($"/console/{app.Id}/deliveries/{delivery}");
        await fx.ScreenshotAsync(page, "05-delivery-detail");
        await page.GotoAsync($"/console/{app.Id}/webhooks");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Send test to {ok.Url}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("delivered");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Reveal secret of {ok.Url}" }).ClickAsync();
        await Expect(page.Locator("#secret-value")).ToContainTextAsync("whsec_");
        await fx.ScreenshotAsync(page, "04-webhooks-secret-and-test");

        // 375 px wide: nothing wider than the screen (tables scroll inside their own box).
        var phone = await fx.SignedInPageAsync(app.AdminKey, 375, 812);
        foreach (var (name, path) in pages)
        {
            await phone.GotoAsync(path);
            var overflow = await phone.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
            var culprits = overflow <= 0 ? "" : await phone.EvaluateAsync<string>(WidestElements);
            Assert.True(overflow <= 0, $"{path} is {overflow}px wider than a 375px screen: {culprits}");
            await phone.ScreenshotAsync(new() { Path = Path.Combine(ConsoleFixture.ScreenshotDirectory, $"375-{name}.png"), FullPage = true });
        }
        output.WriteLine($"Screenshots (1280×800 and 375 px): {ConsoleFixture.ScreenshotDirectory}");
        await phone.Context.CloseAsync();
        await page.Context.CloseAsync();
    }

    // The outermost elements that stick out past the screen's right edge, to say what to fix.
    private const string WidestElements = """
        [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
          .filter(e => !e.parentElement || e.parentElement.getBoundingClientRect().right <= document.documentElement.clientWidth + 1 || getComputedStyle(e.parentElement).overflowX === 'visible' && e.parentElement.scrollWidth <= e.parentElement.clientWidth)
          .slice(0, 6).map(e => `${e.tagName.toLowerCase()}.${e.className}#${e.id} (${Math.round(e.getBoundingClientRect().width)}px)`).join(', ')
        """;


    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
}
