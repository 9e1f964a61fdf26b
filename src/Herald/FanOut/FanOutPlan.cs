using System.Text.Json;
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
/// One fan-out's plan, applied a chunk of recipients at a time (<see cref="PushFanOut"/>): each chunk's preferences,
/// devices, throttle counts and badges are read for that chunk only, and its jobs rendered, so what is held at once
/// is bounded by the chunk whatever the audience. Texts are rendered once per locale for the whole fan-out.
/// </summary>
internal sealed class FanOutPlan(
    IHeraldStore store, TemplateRenderer renderer, ClaimedDelivery job, EventFacts e, JsonElement body, CatalogEvent known,
    PushTemplate template, PushSettings settings, IReadOnlyList<CredentialRecord> active, string region, List<string> recipients, DateTimeOffset now)
{
    public sealed class Counts
    {
        public int Recipients, Jobs, Muted, Quiet, Throttled, Unreachable;
        public override string ToString() =>
            $"{Jobs} push job(s) for {Recipients} recipient(s); skipped: {Muted} muted, snoozed or below their push level, {Quiet} in quiet hours, " +
            $"{Unreachable} with no device for an active credential; {Throttled} collapsed into summaries by the throttle";
    }

    private readonly long _nowMs = now.ToUnixTimeMilliseconds();
    // Recipient-level providers with an active credential: one job per recipient, whatever the devices.
    private readonly List<IPushProvider> _perRecipient = PushProviders.RecipientProviders.Where(p => active.Any(c => c.Provider == p.Name)).ToList();
    private readonly Dictionary<string, string> _values = TemplateValues.FromEvent(body, known);
    // A sensitive event's words stay out of every field, the message object included.
    private readonly bool _includeMessage = settings.IncludeMessageObject && !TemplateValues.HidesContent(body, known);
    private readonly Dictionary<string, RenderedText> _rendered = new(StringComparer.OrdinalIgnoreCase);

    public List<string> Recipients { get; } = recipients;
    public Counts Tally { get; } = new() { Recipients = recipients.Count };

    /// <summary>Adds the jobs of <paramref name="chunk"/> (recipients) to <paramref name="jobs"/>.</summary>
    public async Task AddJobsAsync(List<string> chunk, List<NewPushJob> jobs, CancellationToken ct)
    {
        // Every recipient of a new message has one more to read, muted, in quiet hours or unreachable alike.
        if (e.Type == "message.created") await UnreadCounts.RecordAsync(store, job.AppId, e, chunk, now, ct);
        var prefs = await store.GetPreferencesAsync(job.AppId, chunk, ct);
        var category = known.Category;
        var notify = new List<string>(chunk.Count);
        foreach (var uid in chunk)
        {
            switch (PreferenceFilter.Check(prefs.GetValueOrDefault(uid) ?? UserPreferences.Default, e, uid, category, settings, now, known.Push)?.Reason)
            {
                case "quiet-hours": Tally.Quiet++; break;
                case not null: Tally.Muted++; break;
                default: notify.Add(uid); break;
            }
        }

        var devices = (await store.ListDevicesAsync(job.AppId, notify, ct))
            .Where(d => ActiveCredentials.For(active, d.Platform, d.Provider) is not null)
            .GroupBy(d => d.Uid, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var reachable = notify.Where(u => _perRecipient.Count > 0 || devices.ContainsKey(u)).ToList();
        Tally.Unreachable += notify.Count - reachable.Count;
        if (reachable.Count == 0) return;

        // Calls are never throttled: a collapsed ring is a missed call.
        var throttle = settings.Throttle;
        var counts = throttle.MaxPerWindow > 0 && category != "call"
            ? await store.CountPushesAsync(job.AppId, reachable, _nowMs, throttle.WindowSeconds * 1000L, ct)
            : null;
        var badges = settings.IncludeBadgeCount ? await store.CountUnreadAsync(job.AppId, reachable, ct) : null;

        var before = jobs.Count;
        foreach (var uid in reachable)
        {
            var userDevices = devices.GetValueOrDefault(uid) ?? [];
            var locale = prefs.GetValueOrDefault(uid)?.Locale ?? userDevices.FirstOrDefault(d => d.Locale is not null)?.Locale;
            var summaryWindow = counts is not null && counts[uid].Count > throttle.MaxPerWindow ? counts[uid].WindowStart : (long?)null;
            // A summary is per place: the conversation, or the community or stream the type's rule names.
            var place = summaryWindow is null ? null : PushAddress.For(e, known.Push ?? PushRule.Default, uid);
            var text = place is null ? TextFor(locale) : SummaryText(e, place);
            var n = Notification.Of(e, known, text, uid, badges?.GetValueOrDefault(uid), _includeMessage, settings.CustomJson);
            if (summaryWindow is not null) Tally.Throttled++;
            var suffix = summaryWindow is { } w ? $"/summary/{(e.Type.StartsWith("message.", StringComparison.Ordinal) ? "messages" : "other")}/{place!.ConversationId}/{w}" : "";
            var due = summaryWindow is { } start ? start + throttle.WindowSeconds * 1000L : _nowMs;

            foreach (var p in _perRecipient)
                jobs.Add(new NewPushJob(Ids.New("msg"), job.EventSeq, e.Type, $"{p.Name}/{uid}{suffix}", p.Name, uid, null,
                    p.RecipientPayload(n, job.AppId, region), due, summaryWindow is not null));
            foreach (var d in userDevices)
            {
                var deviceText = summaryWindow is null && d.Locale is not null && d.Locale != locale ? TextFor(d.Locale) : text;
                jobs.Add(new NewPushJob(Ids.New("msg"), job.EventSeq, e.Type, $"{d.Provider}/{uid}/{d.DeviceId}{suffix}", d.Provider, uid, d.DeviceId,
                    PushPayloads.DevicePayload(n with { Text = deviceText }), due, summaryWindow is not null));
            }
        }
        Tally.Jobs += jobs.Count - before;
    }

    private RenderedText TextFor(string? locale)
    {
        var key = locale ?? "";
        if (!_rendered.TryGetValue(key, out var text)) _rendered[key] = text = renderer.Render(template, _values, locale);
        return text;
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
