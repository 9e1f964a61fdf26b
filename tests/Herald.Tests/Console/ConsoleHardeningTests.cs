using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Herald.Push.Templates;
using Herald.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Herald.Tests.WebConsole;

/// <summary>
/// The console's security headers, its sign-out's antiforgery check and the preview's input caps, over
/// plain HTTP against the in-process host: the console is signed into with a form post, as a browser does.
/// </summary>
public sealed partial class ConsoleHardeningTests : IAsyncLifetime
{
    private readonly HeraldHost _herald = new();
    private string _app = "";
    private string _adminKey = "";

    public async Task InitializeAsync()
    {
        (_app, var admin) = await _herald.CreateAppAsync();
        admin.Dispose();
        _adminKey = await _herald.CreateKeyAsync(_app, "admin");
    }

    public Task DisposeAsync()
    {
        _herald.Dispose();
        return Task.CompletedTask;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenInput();

    /// <summary>A browser-like client: keeps cookies, shows redirects instead of following them.</summary>
    private HttpClient Browser() => _herald.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static string PathOf(Uri? location) => location is null ? "" : location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;

    private static string TokenIn(string html) => WebUtility.HtmlDecode(TokenInput().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException("no antiforgery token in the page"));

    private async Task<HttpClient> SignedInAsync()
    {
        var browser = Browser();
        var login = await browser.GetStringAsync("/console/login");
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["__RequestVerificationToken"] = TokenIn(login), ["key"] = _adminKey, ["returnUrl"] = "",
        });
        var r = await browser.PostAsync("/console/login", form);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal($"/console/{_app}/push", PathOf(r.Headers.Location));
        return browser;
    }

    private static void AssertHardened(HttpResponseMessage r)
    {
        var csp = string.Join(";", r.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(r.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(r.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", Assert.Single(r.Headers.GetValues("Referrer-Policy")));
    }

    /// <summary>The policy allows no inline script or style, so the pages must have none.</summary>
    private static void AssertNothingInline(string html)
    {
        Assert.DoesNotMatch(new Regex("<script(?![^>]*\\bsrc=)", RegexOptions.IgnoreCase), html);
        Assert.DoesNotMatch(new Regex("<style|\\sstyle=|\\son[a-z]+=\"", RegexOptions.IgnoreCase), html);
    }

    [Fact]
    public async Task The_push_page_rotates_a_custom_credentials_signing_secret_and_shows_the_new_one_once()
    {
        await using var gateway = await Receiver.StartAsync();
        using (var admin = _herald.CreateClient())
        {
            admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _adminKey);
            await Herald.Tests.Push.PushTestKit.AddCustomProviderAsync(admin, _app, gateway);
        }
        using var browser = await SignedInAsync();
        var page = await browser.GetStringAsync($"/console/{_app}/push");
        var formName = Regex.Match(page, "rotate-signing-cred_[A-Za-z0-9_-]+").Value;
        Assert.NotEmpty(formName); // the custom credential's row offers the rotation
        Assert.DoesNotContain("whsec_", page);

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = formName, ["__RequestVerificationToken"] = TokenIn(page) });
        using var rotated = await browser.PostAsync($"/console/{_app}/push", form);
        var html = await rotated.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.Contains("New signing secret of", html);
        Assert.Matches("<code class=\"secret\" id=\"secret-value\">whsec_", html);
        Assert.DoesNotContain("whsec_", await browser.GetStringAsync($"/console/{_app}/push")); // shown once
    }

    [Fact]
    public async Task Login_page_pages_and_assets_carry_the_security_headers()
    {
        using var anonymous = Browser();
        using var login = await anonymous.GetAsync("/console/login");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        AssertHardened(login);
        AssertNothingInline(await login.Content.ReadAsStringAsync());

        using var browser = await SignedInAsync();
        foreach (var page in new[] { "push", "webhooks", "deliveries", "monitoring", "devices" })
        {
            using var r = await browser.GetAsync($"/console/{_app}/{page}");
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            AssertHardened(r);
            AssertNothingInline(await r.Content.ReadAsStringAsync());
        }
        using var script = await browser.GetAsync("/console/assets/console.js");
        AssertHardened(script);
        // A refusal is a /console response too.
        using var missing = await anonymous.GetAsync($"/console/{_app}/push");
        Assert.Equal(HttpStatusCode.Redirect, missing.StatusCode);
        AssertHardened(missing);
    }

    [Fact]
    public async Task Sign_out_without_the_token_is_refused_and_the_session_kept()
    {
        using var browser = await SignedInAsync();
        using (var empty = new FormUrlEncodedContent(new Dictionary<string, string>()))
        {
            using var r = await browser.PostAsync("/console/logout", empty);
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
            Assert.Contains("__RequestVerificationToken", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var forged = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = "forged" }))
            Assert.Equal(HttpStatusCode.BadRequest, (await browser.PostAsync("/console/logout", forged)).StatusCode);

        using var still = await browser.GetAsync($"/console/{_app}/push");
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);

        // With the token of the page's own sign-out form: signed out, and the pages send to the login again.
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = TokenIn(await still.Content.ReadAsStringAsync()) });
        using var signOut = await browser.PostAsync("/console/logout", form);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/console/login", PathOf(signOut.Headers.Location));
        using var after = await browser.GetAsync($"/console/{_app}/push");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/console/login", PathOf(after.Headers.Location), StringComparison.Ordinal);
    }

    private string PreviewUrl(string body, string variant = "") =>
        $"/console/{_app}/preview?type=message.created&variant={Uri.EscapeDataString(variant)}&title={Uri.EscapeDataString("{{senderName}}")}&body={Uri.EscapeDataString(body)}";

    [Fact]
    public async Task Preview_renders_without_filling_the_parse_cache()
    {
        using var browser = await SignedInAsync();
        var body = $"{{{{senderName}}}} wrote {Guid.NewGuid():N}";
        using var r = await browser.GetAsync(PreviewUrl(body));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var json = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith("Andrew Joseph wrote ", json.GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.False(TemplateSyntax.IsCached(body), "a previewed text was kept in the shared parse cache");
        using (var variant = await browser.GetAsync(PreviewUrl(body, "group")))
            Assert.Equal(HttpStatusCode.OK, variant.StatusCode); // a variant the catalog knows is accepted
        // What pushes render is still cached: the preview only stays out of it.
        TemplateRenderer.Fill(body, new Dictionary<string, string>());
        Assert.True(TemplateSyntax.IsCached(body));
    }

    [Theory]
    [InlineData("body", "")]
    [InlineData("variant", "no-such-variant")]
    public async Task Preview_input_over_its_cap_is_a_400_problem(string field, string variant)
    {
        using var browser = await SignedInAsync();
        var body = field == "body" ? new string('x', 2 * TemplateRenderer.MaxTemplateLength + 1) : "short";
        using var r = await browser.GetAsync(PreviewUrl(body, variant));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());

        // At the cap it still renders (the validator's own message says what saving would refuse).
        using var atCap = await browser.GetAsync(PreviewUrl(new string('x', 2 * TemplateRenderer.MaxTemplateLength)));
        Assert.Equal(HttpStatusCode.OK, atCap.StatusCode);
    }
}
