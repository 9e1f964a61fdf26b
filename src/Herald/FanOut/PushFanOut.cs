using System.Diagnostics;
using System.Text.Json;
using Herald.Apps;
using Herald.Catalog;
using Herald.Kernel;
using Herald.Push;
using Herald.Push.Payloads;
using Herald.Push.Providers;
using Herald.Push.Templates;
using Herald.Queue;
using Herald.Storage;

namespace Herald.FanOut;

/// <summary>
/// Expands one event into push jobs: the audience (explicit recipients, else the group's members),
/// less the sender, less whoever muted it or is in quiet hours, then one job per recipient × device
/// for a device provider and one per recipient for a recipient-level one (<see cref="IProviderTargets"/>), each rendered in the
/// recipient's locale. Past the per-user burst limit, pushes collapse into one summary per user and
/// conversation, sent when the window ends. Runs as a leased job of the queue, so a crash repeats it
/// and the store's unique targets make the repeat add nothing.
/// </summary>
public sealed class PushFanOut(
    IHeraldStore store, PushSettingsCache settingsCache, ActiveCredentials credentials, TemplateRenderer renderer,
    EventCatalog catalog, AppDirectory apps, DeliverySignal signal, TimeProvider time)
{
    /// <summary>
    /// A large audience is written in chunks of this many jobs, each committed and signalled at once,
    /// so the first pushes go out while the rest are still being written. A crash between chunks is
    /// safe: the repeat skips the targets already stored.
    /// </summary>
    public const int ChunkSize = 1_000;

    public sealed record Result(bool Completed, string Report, int Jobs);

    private sealed class Tally
    {
        public int Recipients, Jobs, Muted, Quiet, Throttled, Unreachable;
        public override string ToString() =>
            $"{Jobs} push job(s) for {Recipients} recipient(s); skipped: {Muted} muted, snoozed or below their push level, {Quiet} in quiet hours, " +
            $"{Unreachable} with no device for an active credential; {Throttled} collapsed into summaries by the throttle";
    }

    public async Task<Result> RunAsync(ClaimedDelivery job, string eventBody, string owner, CancellationToken ct)
    {
        var started = time.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        using var doc = JsonDocument.Parse(eventBody);
        var e = EventFacts.From(doc.RootElement);
        var (jobs, report) = await PlanAsync(job, e, doc.RootElement, started, ct);
        var written = 0;
        for (; jobs.Count - written > ChunkSize; written += ChunkSize)
        {
            if (!await store.AddPushJobsAsync(job.Seq, owner, jobs.GetRange(written, ChunkSize), time.GetUtcNow().ToUnixTimeMilliseconds(), ct))
                return new Result(false, report, 0);
            signal.Notify();
        }
        // The attempt covers planning and the chunks written before it: what the fan-out really cost.
        var attempt = new AttemptRecord(job.AttemptCount + 1, started.ToUnixTimeMilliseconds(), stopwatch.Elapsed.TotalMilliseconds, null, "succeeded", null, report);
        var done = await store.CompleteFanOutAsync(job.Seq, owner, jobs.GetRange(written, jobs.Count - written), attempt, time.GetUtcNow().ToUnixTimeMilliseconds(), ct);
        return new Result(done, report, jobs.Count);
    }

    private async Task<(List<NewPushJob> Jobs, string Report)> PlanAsync(ClaimedDelivery job, EventFacts e, JsonElement body, DateTimeOffset now, CancellationToken ct)
    {
        var (settings, events) = await settingsCache.GetAsync(job.AppId, ct);
        if (!settings.Enabled) return ([], "push is off for the app (master toggle); nothing sent");
        var known = catalog.Find(e.Type);
        if (known is null) return ([], $"event type '{e.Type}' is no longer in the catalog; nothing sent");
        var (allowed, template) = renderer.Effective(e.Type, e.ConversationType, events);
        if (!allowed) return ([], $"the Allow toggle of {e.Type} is off; nothing sent");
        var active = await credentials.GetAsync(job.AppId, ct);
        if (active.Count == 0) return ([], "no active push credential; nothing sent");
        var app = await apps.FindAsync(job.AppId, ct);

        var audience = e.Recipients is { } explicitRecipients ? explicitRecipients
            : e.IsGroup && e.ConversationId is { } channel ? await store.ListMembersAsync(job.AppId, channel, ct) : [];
        var recipients = audience.Where(u => u != e.SenderUid).Distinct(StringComparer.Ordinal).ToList(); // never notify the sender
        var tally = new Tally { Recipients = recipients.Count };
        if (recipients.Count == 0) return ([], tally + " (no audience: give recipients, or keep the group's members with PUT .../channels/{id}/members)");

        var prefs = await store.GetPreferencesAsync(job.AppId, recipients, ct);
        var category = known.Category;
        var notify = new List<string>(recipients.Count);
        foreach (var uid in recipients)
        {
            switch (PreferenceFilter.Check(prefs.GetValueOrDefault(uid) ?? UserPreferences.Default, e, uid, category, settings, now, known.Push)?.Reason)
            {
                case "quiet-hours": tally.Quiet++; break;
                case not null: tally.Muted++; break;
                default: notify.Add(uid); break;
            }
        }

        // Recipient-level providers with an active credential: one job per recipient, whatever the devices.
        var perRecipient = PushProviders.RecipientProviders.Where(p => active.Any(c => c.Provider == p.Name)).ToList();
        var devices = (await store.ListDevicesAsync(job.AppId, notify, ct))
            .Where(d => ActiveCredentials.For(active, d.Platform, d.Provider) is not null)
            .GroupBy(d => d.Uid, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var reachable = notify.Where(u => perRecipient.Count > 0 || devices.ContainsKey(u)).ToList();
        tally.Unreachable = notify.Count - reachable.Count;
        if (reachable.Count == 0) return ([], tally.ToString());

        var nowMs = now.ToUnixTimeMilliseconds();
        // Calls are never throttled: a collapsed ring is a missed call.
        var throttle = settings.Throttle;
        var counts = throttle.MaxPerWindow > 0 && category != "call"
            ? await store.CountPushesAsync(job.AppId, reachable, nowMs, throttle.WindowSeconds * 1000L, ct)
            : null;
        IReadOnlyDictionary<string, int>? badges = null;
        if (settings.IncludeBadgeCount)
            badges = await store.BumpBadgesAsync(job.AppId, reachable, e.Type == "message.created" ? 1 : 0, null, ct);

        var values = TemplateValues.FromEvent(body, known);
        // A sensitive event's words stay out of every field, the message object included.
        var includeMessage = settings.IncludeMessageObject && !TemplateValues.HidesContent(body, known);
        var rendered = new Dictionary<string, RenderedText>(StringComparer.OrdinalIgnoreCase);
        RenderedText TextFor(string? locale)
        {
            var key = locale ?? "";
            if (!rendered.TryGetValue(key, out var text)) rendered[key] = text = renderer.Render(template, values, locale);
            return text;
        }

        var jobs = new List<NewPushJob>(reachable.Count);
        foreach (var uid in reachable)
        {
            var userDevices = devices.GetValueOrDefault(uid) ?? [];
            var locale = prefs.GetValueOrDefault(uid)?.Locale ?? userDevices.FirstOrDefault(d => d.Locale is not null)?.Locale;
            var summaryWindow = counts is not null && counts[uid].Count > throttle.MaxPerWindow ? counts[uid].WindowStart : (long?)null;
            // A summary is per place: the conversation, or the community or stream the type's rule names.
            var place = summaryWindow is null ? null : PushAddress.For(e, known.Push ?? PushRule.Default, uid);
            var text = place is null ? TextFor(locale) : SummaryText(e, place);
            var n = Notification.Of(e, known, text, uid, badges?.GetValueOrDefault(uid), includeMessage, settings.CustomJson);
            if (summaryWindow is not null) tally.Throttled++;
            var suffix = summaryWindow is { } w ? $"/summary/{(e.Type.StartsWith("message.", StringComparison.Ordinal) ? "messages" : "other")}/{place!.ConversationId}/{w}" : "";
            var due = summaryWindow is { } start ? start + throttle.WindowSeconds * 1000L : nowMs;

            foreach (var p in perRecipient)
                jobs.Add(new NewPushJob(Ids.New("msg"), job.EventSeq, e.Type, $"{p.Name}/{uid}{suffix}", p.Name, uid, null,
                    p.RecipientPayload(n, job.AppId, app?.Region ?? ""), due, summaryWindow is not null));
            foreach (var d in userDevices)
            {
                var deviceText = summaryWindow is null && d.Locale is not null && d.Locale != locale ? TextFor(d.Locale) : text;
                jobs.Add(new NewPushJob(Ids.New("msg"), job.EventSeq, e.Type, $"{d.Provider}/{uid}/{d.DeviceId}{suffix}", d.Provider, uid, d.DeviceId,
                    PushPayloads.DevicePayload(n with { Text = deviceText }), due, summaryWindow is not null));
            }
        }
        tally.Jobs = jobs.Count;
        return (jobs, tally.ToString());
    }

    /// <summary>"5 new messages in Hiking group", "3 new notifications in Trail Runners": the count is filled in when the summary is sent.</summary>
    private static RenderedText SummaryText(EventFacts e, PushAddress place)
    {
        var what = e.Type.StartsWith("message.", StringComparison.Ordinal) ? "new messages" : "new notifications";
        var oneOnOne = place.ReceiverType == "user";
        var where = oneOnOne ? e.SenderName ?? e.SenderUid : place.ReceiverName;
        return new RenderedText(where ?? "Notifications", where is null ? $"{PushPayloads.CollapsedCountToken} {what}" : $"{PushPayloads.CollapsedCountToken} {what} {(oneOnOne ? "from" : "in")} {where}");
    }
}
