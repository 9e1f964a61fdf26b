using Herald.Catalog;
using Herald.Push;
using Herald.Push.Providers;
using Herald.Push.Templates;
using Herald.Secrets;
using Herald.Storage;
using Microsoft.Extensions.Options;

namespace Herald.Monitoring;

/// <summary>One finding: what is wrong, why, how to fix it, where, and the numbers that show it.</summary>
public sealed record Finding(string Code, string Severity, string Subject, string Cause, string Fix, string FixAt, string Evidence);

/// <summary>
/// The troubleshooting table as live checks over the last 24 hours. Each rule looks at what Herald
/// already keeps (settings, credentials, devices, the event types sent, the per-minute rollups with
/// their error codes, the queue), so a finding appears with its cause and goes away once fixed.
/// </summary>
public sealed class Diagnostics(
    IHeraldStore store, PushSettingsCache settingsCache, TemplateRenderer renderer, EventCatalog catalog,
    IOptions<MonitoringOptions> options, IServiceProvider services, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    public async Task<IReadOnlyList<Finding>> RunAsync(string appId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var since = (now - Window).ToUnixTimeMilliseconds();
        var (settings, events) = await settingsCache.GetAsync(appId, ct);
        var credentials = await store.ListCredentialsAsync(appId, ct);
        var active = credentials.Where(c => c.Active).ToList();
        var sent = (await store.ListEventTypeStatsAsync(appId, ct)).Where(s => !(catalog.Find(s.Type)?.Internal ?? true)).ToList();
        var rollups = await store.GetRollupsAsync(appId, since, now.ToUnixTimeMilliseconds() + 1, ct);
        var findings = new List<Finding>();
        var push = $"/v1/apps/{appId}/push";

        var recent = sent.Where(s => s.LastSeen >= since).ToList();
        if (!settings.Enabled && recent.Count > 0)
            findings.Add(new("push-disabled", "warning", "Push notifications", "The master toggle is off, so no event sends a push.",
                "Turn on 'Enable push notifications' (PUT push/settings {\"enabled\": true}).", $"{push}/settings",
                $"{recent.Sum(s => s.Count)} event(s) of {recent.Count} type(s) received; last at {At(recent.Max(s => s.LastSeen))}"));

        foreach (var d in await store.CountDevicesAsync(appId, ct))
            if (ActiveCredentials.For(active, d.Platform, d.Provider) is null)
                findings.Add(new("no-active-credential", "error", $"{d.Provider} / {d.Platform}",
                    $"No {d.Provider} credential is active for {d.Platform}, so its devices get no push.",
                    credentials.Any(c => c.Provider == d.Provider) ? "Activate the correct credential in the Certificates table." : $"Upload a {d.Provider} credential and activate it.",
                    $"{push}/credentials", $"{d.Count} registered {d.Platform} device(s) use {d.Provider}"));

        // One check per switch the console shows: a type sent in every kind of conversation is
        // silenced in groups alone when only its group switch is off.
        if (settings.Enabled)
            foreach (var s in recent)
                foreach (var t in catalog.Find(s.Type) is { } e ? EventToggles.Of(e) : [])
                    if (!renderer.Effective(t.Type, t.Variant, events).Allowed)
                        findings.Add(ToggleOff(t, s, push));

        // What each active credential's provider finds in it (a certificate's expiry, its environment).
        foreach (var c in active)
            if (PushProviders.Find(c.Provider) is { } provider)
                findings.AddRange(provider.CredentialFindings(c, now, options.Value.CredentialRenewalDays, push).Select(Of));

        // A provider's complaint counts while it is current: once the provider's latest push went
        // through (the fix worked), the finding clears even though the window still holds the errors.
        foreach (var (channel, code, count) in rollups.Where(r => r.Code.Length > 0 && r.Channel != "webhook").GroupBy(r => (r.Channel, r.Code)).Select(g => (g.Key.Channel, g.Key.Code, g.Sum(r => r.Attempts))))
            if (AnswerFinding(channel, code, count, push) is { } f && await LatestAttemptedAsync(appId, channel, ct) is not { Status: "succeeded" })
                findings.Add(f);
        // A provider's look at its errors as a whole (a gateway answering plain HTTP codes), only when it has any.
        foreach (var provider in PushProviders.All)
        {
            var mine = rollups.Where(r => r.Channel == provider.Name).ToList();
            if (!mine.Any(r => r.Code.Length > 0)) continue;
            var context = new ProviderRollups(mine, [.. active.Where(c => c.Provider == provider.Name)],
                () => LatestAttemptedAsync(appId, provider.Name, ct), services, push);
            if (await provider.RollupFindingAsync(context) is { } whole) findings.Add(Of(whole));
        }

        var endpoints = await store.ListEndpointsAsync(appId, ct);
        foreach (var e in endpoints)
        {
            var mine = rollups.Where(r => r.Channel == "webhook" && r.Target == e.Id).ToList();
            var denied = mine.Where(r => r.Code is "http_401" or "http_403").Sum(r => r.Attempts);
            // Judged by the endpoint's latest attempt, so the finding clears as soon as the fix works.
            var latest = (await store.ListDeliveriesAsync(appId, new DeliveryQuery(null, e.Id, null, null, null, 1, "webhook"), ct)).FirstOrDefault();
            var latestFailed = latest is { Status: not "succeeded", AttemptCount: > 0 };
            if (denied > 0 && latestFailed && latest!.LastStatusCode is 401 or 403)
                findings.Add(new("webhook-unauthorized", "error", e.Url, "The endpoint refuses Herald's requests (401/403): the signing secret it checks does not match.",
                    "Regenerate (rotate) the secret and update the backend with the new one.", $"/v1/apps/{appId}/endpoints/{e.Id}/secret/rotate",
                    $"{denied} attempt(s) answered 401/403 in 24 h"));
            var timedOut = mine.Where(r => r.Code.Length == 0).Sum(r => r.TimedOut);
            if (timedOut > 0 && latestFailed && latest!.LastStatusCode is null && latest.LastError?.StartsWith("timed out", StringComparison.Ordinal) == true)
                findings.Add(new("webhook-slow", "warning", e.Url, "The endpoint answers too slowly: attempts time out and are retried.",
                    "Return 200 quickly and do the work asynchronously (or raise the endpoint's timeoutSeconds).", $"/v1/apps/{appId}/endpoints/{e.Id}",
                    $"{timedOut} attempt(s) timed out in 24 h"));
            if (latestFailed && latest!.LastError?.StartsWith(UnreadableSecret.WebhookError, StringComparison.Ordinal) == true)
                findings.Add(new("secret-unreadable", "error", e.Url,
                    "The endpoint's signing secret cannot be decrypted: the Data Protection key that encrypted it is not in the key ring, so its deliveries fail.",
                    "Restore the key ring from the backup taken with the database (docs/OPERATIONS.md, Runbook: key ring lost), or rotate the secret and give the new one to the backend.",
                    $"/v1/apps/{appId}/endpoints/{e.Id}/secret/rotate", latest.LastError));
            if (!e.Enabled && e.DisabledReason is not null)
                findings.Add(new("endpoint-disabled", "error", e.Url, $"Herald disabled the endpoint: {e.DisabledReason}.",
                    "Fix the receiver, enable the endpoint (PATCH {\"enabled\": true}) and replay what it missed.", $"/v1/apps/{appId}/endpoints/{e.Id}/replay", e.DisabledReason));
        }

        var duplicates = sent.Where(s => s.LastDuplicateAt >= since).ToList();
        if (duplicates.Count > 0)
            findings.Add(new("duplicate-event-ids", "info", "Idempotency",
                "Events arrived again with an id Herald had already accepted; they were dropped, so nobody was notified twice.",
                "Nothing to fix in Herald. If the repeats are unexpected, check the sender's retry logic; keep sending stable ids.", $"/v1/apps/{appId}/events",
                $"{duplicates.Sum(s => s.Duplicates)} repeat(s) in all, of {string.Join(", ", duplicates.Select(s => s.Type))}"));

        var queue = await store.GetQueueStatsAsync(appId, now.ToUnixTimeMilliseconds(), ct);
        if (queue.DeadLetters > 0)
            findings.Add(new("dead-letters", "warning", "Deliveries", "Some deliveries failed on every attempt of the retry schedule and were given up.",
                "Look at their last errors, fix the cause, then retry them (or replay the endpoint).", $"/v1/apps/{appId}/deliveries?status=failed",
                $"{queue.DeadLetters} failed deliver{(queue.DeadLetters == 1 ? "y" : "ies")}"));
        return findings;
    }

    /// <summary>The provider's newest push that has been attempted: one still waiting for its first attempt says nothing yet.</summary>
    private async Task<DeliverySummary?> LatestAttemptedAsync(string appId, string provider, CancellationToken ct)
    {
        var recent = await store.ListDeliveriesAsync(appId, new DeliveryQuery(null, null, null, null, null, 20, "push", provider), ct);
        return recent.FirstOrDefault(d => d.Status is "succeeded" or "failed" || d.AttemptCount > 0);
    }

    private Finding ToggleOff(EventToggle t, EventTypeStats s, string push)
    {
        var evidence = $"last received {At(s.LastSeen)}; {s.Count} in all";
        if (t.Variant is not { } v)
            return new("event-toggle-off", "warning", s.Type, $"'{s.Type}' was sent but its Allow toggle is off, so it notified nobody.",
                $"Enable it under the {Tab(s.Type)} tab if users should be notified.", $"{push}/events/{s.Type}", evidence);
        return new("event-toggle-off", "warning", t.Name,
            $"'{s.Type}' was sent but its Allow toggle for {v} conversations is off, so those notified nobody.",
            $"Enable '{TemplateRenderer.Description(t.Event, v)}' ({v} conversations) under the {Tab(s.Type)} tab if users should be notified " +
            $"(PUT push/events/{s.Type} {{\"conversationType\": \"{v}\", \"allowed\": true}}).", $"{push}/events/{s.Type}", evidence);
    }

    /// <summary>Provider answers that name a configuration problem rather than a passing failure: the provider's own, or a secret Herald cannot decrypt.</summary>
    private static Finding? AnswerFinding(string channel, string code, long count, string push) =>
        PushProviders.Find(channel)?.AnswerFinding(code, count, push) is { } own ? Of(own)
        : code == UnreadableSecret.Code ? new("credential-unreadable", "error", channel,
            $"The active {channel} credential cannot be decrypted: the Data Protection key that encrypted it is not in the key ring, so its pushes fail.",
            "Restore the key ring from the backup taken with the database (docs/OPERATIONS.md, Runbook: key ring lost), or upload the credential again and activate it.",
            $"{push}/credentials", $"{count} attempt(s) in 24 h could not decrypt it")
        : null;

    private static Finding Of(ProviderFinding f) => new(f.Code, f.Severity, f.Subject, f.Cause, f.Fix, f.FixAt, f.Evidence);

    private string Tab(string type) => catalog.Find(type)?.Tab switch { "community" => "Community Events", "livestream" => "Live Stream Events", _ => "Chat Events" };

    private static string At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("u", System.Globalization.CultureInfo.InvariantCulture);
}
