using System.Collections.Concurrent;
using System.Threading.Channels;
using Herald.Queue.Jobs;
using Herald.Storage;
using Herald.Telemetry;
using Microsoft.Extensions.Options;

namespace Herald.Queue;

/// <summary>
/// The worker loop of one node: claims due jobs in batches (first attempts and retries in separate
/// lanes, so a retry storm cannot starve new events), sends them concurrently, and hands outcomes
/// to a recorder that writes many per transaction. A job's lease is its due time pushed forward:
/// if this process dies, the job simply falls due again and another worker (or this node after a
/// restart) sends it. Delivery is at least once, with the same webhook-id every time. What a job does is up to
/// the handler registered for its kind (<see cref="IJobHandler"/>): the dispatcher knows no features.
/// </summary>
public sealed partial class DeliveryDispatcher(
    IHeraldStore store, JobHandlers handlers, IEndpointHealth health, DeliverySignal signal, DirectDispatch direct,
    StorageSpace space, IOptions<DeliveryOptions> options, TimeProvider time, HeraldMetrics metrics, ILogger<DeliveryDispatcher> logger) : BackgroundService
{
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Random.Shared.Next():x8}";
    private readonly ConcurrentDictionary<long, Task> _inFlight = new();
    // EndpointId is null unless the job's handler counts its attempts for endpoint health (webhooks).
    private readonly Channel<(DeliveryOutcome Outcome, string AppId, string? EndpointId)> _outcomes =
        Channel.CreateUnbounded<(DeliveryOutcome, string, string?)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly DeliveryOptions _options = options.Value;
    private volatile bool _stopping;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var recorder = Task.Run(() => RecordLoopAsync(), CancellationToken.None);
        // Leases are renewed until the sends are done or released, not only until SIGTERM: a ShutdownTimeout
        // longer than the lease must not let another node take a job this one is still sending.
        using var renewCancel = new CancellationTokenSource();
        var renewer = Task.Run(() => RenewLoopAsync(renewCancel.Token), CancellationToken.None);
        // Sends are not cancelled by shutdown at once: they get ShutdownTimeout to finish and be recorded.
        using var sendCancel = new CancellationTokenSource();
        AcceptLeases(sendCancel.Token);
        try
        {
            await ClaimLoopAsync(sendCancel.Token, stoppingToken);
        }
        finally
        {
            StopAcceptingLeases(); // sets _stopping: from here on, nothing joins _inFlight
            await FinishOrReleaseAsync(sendCancel, async () =>
            {
                await renewCancel.CancelAsync();
                await renewer;
            });
            _outcomes.Writer.TryComplete();
            await recorder;
        }
    }

    /// <summary>
    /// SIGTERM (a rolling restart): the claim loop has stopped claiming. Sends under way may finish and be
    /// recorded within ShutdownTimeout; what is still running then has its lease released (due now), so
    /// another node sends it at once rather than when the lease would have run out, and is cancelled here
    /// without an outcome. A send cancelled after its receiver already took it is delivered twice: at least once.
    /// </summary>
    private async Task FinishOrReleaseAsync(CancellationTokenSource sendCancel, Func<Task> stopRenewing)
    {
        var running = Task.WhenAll(_inFlight.Values);
        var grace = Task.Delay(_options.ShutdownTimeoutValue, time);
        var finished = await Task.WhenAny(running, grace) == running;
        await stopRenewing(); // before the release, which a renewal would undo
        if (finished) return;

        await ReleaseAsync(_inFlight.Keys.ToList());
        sendCancel.Cancel();
        await running;
    }

    /// <summary>Makes leased jobs due now, for another node (or this one after a restart) to send at once.</summary>
    private async Task ReleaseAsync(List<long> seqs)
    {
        try
        {
            await store.RenewLeasesAsync(seqs, _owner, time.GetUtcNow().ToUnixTimeMilliseconds(), CancellationToken.None);
            LogReleased(logger, seqs.Count);
        }
        catch (Exception ex)
        {
            LogReleaseFailed(logger, seqs.Count, ex); // their leases run out instead: later, never lost
        }
    }

    private async Task ClaimLoopAsync(CancellationToken sendToken, CancellationToken stoppingToken)
    {
        var lease = _options.LeaseDurationValue;
        var batch = _options.ClaimBatchSize;
        // With every slot busy, each finished send frees one: claiming at every wake-up would make a write
        // transaction (and a payload read) per handful of jobs. Claiming once a quarter of the slots is free
        // keeps three quarters of the sends going meanwhile and claims in batches worth their transaction.
        var minClaim = Math.Max(1, Math.Min(batch, _options.Concurrency) / 4);
        while (!stoppingToken.IsCancellationRequested)
        {
            var free = _options.Concurrency - _inFlight.Count - Volatile.Read(ref _reserved);
            try
            {
                if (free >= minClaim)
                {
                    var now = time.GetUtcNow();
                    // Retries always keep a quarter of the free slots, first attempts get the rest and
                    // whatever retries leave unused.
                    var firstQuota = Math.Min(batch, Math.Max(1, free - free / 4));
                    var request = new ClaimRequest(now.ToUnixTimeMilliseconds(), (now + lease).ToUnixTimeMilliseconds(), _owner, firstQuota, batch, free);
                    var claimed = await store.ClaimAsync(request, stoppingToken);
                    // Once claimed, the jobs are this node's until their leases run out: shutdown must not
                    // cancel their start (they would sit leased for the whole lease), it releases them instead.
                    if (claimed.Count > 0) await StartAsync([.. claimed.First, .. claimed.Retries], sendToken, CancellationToken.None);
                    if (claimed.First.Count < firstQuota) MarkCaughtUp(); // no first attempt is waiting: new ones may start as they are stored
                    var retryQuota = request.RetriesAfter(claimed.First.Count);
                    if (claimed.First.Count == firstQuota || (retryQuota > 0 && claimed.Retries.Count == retryQuota)) continue; // more may be waiting
                    await WaitForWorkAsync(true, stoppingToken);
                }
                else
                {
                    await WaitForWorkAsync(false, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // A full disk is logged once, by StorageSpace, not every second until it is freed.
                if (!space.Report(ex)) LogClaimFailed(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task WaitForWorkAsync(bool haveSlots, CancellationToken ct)
    {
        var wait = _options.PollIntervalValue;
        if (haveSlots && await store.NextDueAtAsync(ct) is { } due)
        {
            var untilDue = DateTimeOffset.FromUnixTimeMilliseconds(due) - time.GetUtcNow();
            if (untilDue < wait) wait = untilDue < TimeSpan.Zero ? TimeSpan.Zero : untilDue;
        }
        if (wait > TimeSpan.Zero) await signal.WaitAsync(wait, ct);
    }

    private async Task StartAsync(List<ClaimedDelivery> jobs, CancellationToken sendToken, CancellationToken ct)
    {
        // The event bodies of every kind that needs them in one query; push jobs carry their own payload.
        var payloads = await store.GetEventPayloadsAsync(jobs.Where(j => handlers.Find(j.Kind)?.NeedsEventBody == true).Select(j => j.EventSeq).ToList(), ct);
        Launch(jobs, payloads, await PrepareAsync(jobs, ct), sendToken);
    }

    private void Launch(List<ClaimedDelivery> jobs, IReadOnlyDictionary<long, byte[]> payloads, Dictionary<string, object?> prepared, CancellationToken sendToken)
    {
        foreach (var job in jobs)
        {
            var body = payloads.TryGetValue(job.EventSeq, out var p) ? p : [];
            // The placeholder is set first: a send that finishes before RunAsync returns removes it,
            // and TryUpdate then finds nothing to replace, so no finished job lingers as in flight.
            _inFlight[job.Seq] = Task.CompletedTask;
            _inFlight.TryUpdate(job.Seq, RunAsync(job, handlers.Find(job.Kind), body, prepared.GetValueOrDefault(job.Kind), sendToken), Task.CompletedTask);
        }
    }

    /// <summary>What each kind's handler loads once for the batch's jobs of its kind (push: their devices, one query per app).</summary>
    private async Task<Dictionary<string, object?>> PrepareAsync(List<ClaimedDelivery> jobs, CancellationToken ct)
    {
        var prepared = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var kind in jobs.GroupBy(j => j.Kind))
            if (handlers.Find(kind.Key) is { } handler) prepared[kind.Key] = await handler.PrepareAsync(kind.ToList(), ct);
        return prepared;
    }

    private async Task RunAsync(ClaimedDelivery job, IJobHandler? handler, byte[] body, object? prepared, CancellationToken ct)
    {
        await Task.Yield(); // return to the claim loop at once; the send runs on the pool
        using var activity = HeraldTracing.StartDeliver(job, body);
        JobResult result;
        try
        {
            result = handler is null ? NoHandler(job) : await handler.RunAsync(new ClaimedJob(job, body, prepared, _owner, activity), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down mid-send: record nothing; the lease runs out and the job is sent again.
            _inFlight.TryRemove(job.Seq, out _);
            return;
        }
        catch (Exception ex)
        {
            // A fan-out that cannot write its push jobs on a full disk is not a bug per job: StorageSpace says it once.
            if (!space.Report(ex)) LogSendFailed(logger, job.Id, ex);
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            result = new DeliveryOutcome(job.Seq, OutcomeKind.Deferred, now, now + 5_000, null, $"internal error: {ex.Message}");
        }
        if (result.Outcome is not { } outcome)
        {
            // The handler recorded the job itself (a fan-out, together with the jobs it made).
            _inFlight.TryRemove(job.Seq, out _);
            if (result.QueuedJobs) signal.Notify();
            return;
        }
        if (outcome.Rollup is null && handler?.RollupOf(job) is { } rollup) outcome = outcome with { Rollup = rollup };
        metrics.Delivered(job.Kind, job.Provider, outcome.Kind, outcome.Attempt?.DurationMs);
        HeraldTracing.Delivered(activity, outcome);
        _outcomes.Writer.TryWrite((outcome, job.AppId, handler?.CountsForEndpointHealth == true ? job.EndpointId : null));
        _inFlight.TryRemove(job.Seq, out _);
        signal.Notify();
    }

    /// <summary>
    /// A kind no feature registered a handler for (written by a newer build, or by mistake): failed with that reason
    /// rather than sent as something else; it can be retried once a build with the handler runs.
    /// </summary>
    private DeliveryOutcome NoHandler(ClaimedDelivery job)
    {
        LogNoHandler(logger, job.Id, job.Kind);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return new DeliveryOutcome(job.Seq, OutcomeKind.Dead, now, null, null,
            $"no handler is registered for job kind '{job.Kind}' in this build; the job is kept and can be retried once one is");
    }

    private async Task RecordLoopAsync()
    {
        var reader = _outcomes.Reader;
        var batch = new List<(DeliveryOutcome Outcome, string AppId, string? EndpointId)>(1024);
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < 1024 && reader.TryRead(out var item)) batch.Add(item);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await store.RecordOutcomesAsync(batch.Select(b => b.Outcome).ToList(), _owner, CancellationToken.None);
                    await health.RecordAsync(batch);
                    break;
                }
                catch (Exception ex) when (!_stopping && space.Report(ex))
                {
                    // The disk is full: keep these outcomes and try every second until space is freed (logged
                    // once, by StorageSpace). Giving up would only have the jobs sent again when their leases
                    // run out, and again after that, for as long as the disk stays full.
                    await Task.Delay(TimeSpan.FromSeconds(1), time);
                    await HoldLeasesAsync(batch);
                }
                catch (Exception ex) when (attempt < 5)
                {
                    // Keep the outcomes and try again; if the store stays down the leases lapse and the
                    // jobs are simply sent again (at least once), so nothing is lost either way.
                    LogRecordFailed(logger, batch.Count, ex);
                    await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), time);
                }
                catch (Exception ex)
                {
                    LogRecordFailed(logger, batch.Count, ex);
                    break;
                }
            }
            batch.Clear();
        }
    }

    /// <summary>
    /// Keeps the leases of jobs whose outcomes wait for disk space, as the renewer does for sends under way: a
    /// lease update often fits where the outcomes' attempt rows do not, and spares the receiver a second send.
    /// If it does not fit either, the leases lapse and the jobs are sent again (at least once).
    /// </summary>
    private async Task HoldLeasesAsync(List<(DeliveryOutcome Outcome, string AppId, string? EndpointId)> batch)
    {
        try
        {
            var until = (time.GetUtcNow() + _options.LeaseDurationValue).ToUnixTimeMilliseconds();
            await store.RenewLeasesAsync(batch.Select(b => b.Outcome.Seq).ToList(), _owner, until, CancellationToken.None);
        }
        catch (Exception ex) when (space.Report(ex)) { }
        catch (Exception ex) { LogRenewFailed(logger, ex); }
    }

    private async Task RenewLoopAsync(CancellationToken ct)
    {
        var lease = _options.LeaseDurationValue;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(lease / 3, time, ct);
                var ids = _inFlight.Keys.ToList();
                await store.RenewLeasesAsync(ids, _owner, (time.GetUtcNow() + lease).ToUnixTimeMilliseconds(), ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
            catch (Exception ex) when (space.Report(ex)) { } // a full disk is logged once, by StorageSpace
            catch (Exception ex) { LogRenewFailed(logger, ex); }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Claiming due deliveries failed; trying again in 1s")]
    private static partial void LogClaimFailed(ILogger logger, Exception ex);
    [LoggerMessage(Level = LogLevel.Error, Message = "Sending delivery {DeliveryId} failed inside Herald; it will be tried again")]
    private static partial void LogSendFailed(ILogger logger, string deliveryId, Exception ex);
    [LoggerMessage(Level = LogLevel.Error, Message = "Delivery {DeliveryId} is of kind '{Kind}', for which no job handler is registered; it is marked failed")]
    private static partial void LogNoHandler(ILogger logger, string deliveryId, string kind);
    [LoggerMessage(Level = LogLevel.Error, Message = "Recording {Count} delivery outcomes failed")]
    private static partial void LogRecordFailed(ILogger logger, int count, Exception ex);
    [LoggerMessage(Level = LogLevel.Information, Message = "Shutting down: released {Count} deliveries still being sent, for another node to send now")]
    private static partial void LogReleased(ILogger logger, int count);
    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutting down: releasing {Count} deliveries failed; they fall due when their leases run out")]
    private static partial void LogReleaseFailed(ILogger logger, int count, Exception ex);
    [LoggerMessage(Level = LogLevel.Warning, Message = "Renewing delivery leases failed")]
    private static partial void LogRenewFailed(ILogger logger, Exception ex);
}
