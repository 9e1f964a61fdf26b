using System.Diagnostics;
using System.Text.Json;
using Herald.Apps;
using Herald.Catalog;
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

    public async Task<Result> RunAsync(ClaimedDelivery job, string eventBody, string owner, CancellationToken ct)
    {
        var started = time.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        using var doc = JsonDocument.Parse(eventBody);
        var e = EventFacts.From(doc.RootElement);
        var (plan, report) = await PrepareAsync(job, e, doc.RootElement, started, ct);
        var jobs = new List<NewPushJob>();
        var written = 0;
        if (plan is not null)
        {
            // The audience is planned a chunk of recipients at a time and every full chunk of jobs is written before
            // the next is planned: memory follows the chunk, not the audience (100,000 members used to mean 100,000
            // rendered payloads held at once), and the first pushes leave after the first chunk's planning.
            for (var from = 0; from < plan.Recipients.Count; from += ChunkSize)
            {
                await plan.AddJobsAsync(plan.Recipients.GetRange(from, Math.Min(ChunkSize, plan.Recipients.Count - from)), jobs, ct);
                for (; jobs.Count > ChunkSize; written += ChunkSize)
                {
                    if (!await store.AddPushJobsAsync(job.Seq, owner, jobs.GetRange(0, ChunkSize), time.GetUtcNow().ToUnixTimeMilliseconds(), ct))
                        return new Result(false, plan.Tally.ToString(), 0);
                    jobs.RemoveRange(0, ChunkSize);
                    signal.Notify();
                }
            }
            report = plan.Tally.ToString();
        }
        // The attempt covers planning and the chunks written before it: what the fan-out really cost.
        var attempt = new AttemptRecord(job.AttemptCount + 1, started.ToUnixTimeMilliseconds(), stopwatch.Elapsed.TotalMilliseconds, null, "succeeded", null, report);
        var done = await store.CompleteFanOutAsync(job.Seq, owner, jobs, attempt, time.GetUtcNow().ToUnixTimeMilliseconds(), ct);
        return new Result(done, report, written + jobs.Count);
    }

    /// <summary>What holds for the whole audience (settings, toggle, template, credentials, the audience itself), or why nothing is sent.</summary>
    private async Task<(FanOutPlan? Plan, string Report)> PrepareAsync(ClaimedDelivery job, EventFacts e, JsonElement body, DateTimeOffset now, CancellationToken ct)
    {
        var (settings, events) = await settingsCache.GetAsync(job.AppId, ct);
        if (!settings.Enabled) return (null, "push is off for the app (master toggle); nothing sent");
        var known = catalog.Find(e.Type);
        if (known is null) return (null, $"event type '{e.Type}' is no longer in the catalog; nothing sent");
        var (allowed, template) = renderer.Effective(e.Type, e.ConversationType, events);
        if (!allowed) return (null, $"the Allow toggle of {e.Type} is off; nothing sent");
        var active = await credentials.GetAsync(job.AppId, ct);
        if (active.Count == 0) return (null, "no active push credential; nothing sent");
        var app = await apps.FindAsync(job.AppId, ct);

        var audience = e.Recipients is { } explicitRecipients ? explicitRecipients
            : e.IsGroup && e.ConversationId is { } channel ? await store.ListMembersAsync(job.AppId, channel, ct) : [];
        var recipients = audience.Where(u => u != e.SenderUid).Distinct(StringComparer.Ordinal).ToList(); // never notify the sender
        if (recipients.Count == 0)
            return (null, new FanOutPlan.Counts() + " (no audience: give recipients, or keep the group's members with PUT .../channels/{id}/members)");
        return (new FanOutPlan(store, renderer, job, e, body, known, template, settings, active, app?.Region ?? "", recipients, now), "");
    }
}
