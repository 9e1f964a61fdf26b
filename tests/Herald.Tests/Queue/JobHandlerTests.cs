using System.Collections.Concurrent;
using System.Text;
using Herald.Queue;
using Herald.Queue.Jobs;
using Herald.Storage;
using Herald.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Herald.Tests.Queue;

/// <summary>Herald with a job kind that only these tests know, registered the way a feature registers its own.</summary>
public sealed class ProbeKindFixture() : ClockedHerald("jobs", new Dictionary<string, string?>(),
    s => s.AddSingleton<ProbeJobHandler.Runs>().AddJobHandler<ProbeJobHandler>());

/// <summary>
/// A job kind is a handler registered through DI: a kind the dispatcher has never heard of is claimed, run and
/// recorded by it, and a kind nobody registered fails with that reason while the loop goes on.
/// </summary>
public sealed class JobHandlerTests(ProbeKindFixture fixture) : IClassFixture<ProbeKindFixture>
{
    private IHeraldStore Store => fixture.Store;

    [Fact]
    public async Task A_kind_registered_by_a_test_is_claimed_run_and_recorded_without_touching_the_dispatcher()
    {
        var (app, _) = await fixture.NewAppAsync();
        await IngestAsync(app, "evt-probe", new NewDelivery("msg_probe", "probe-target", ProbeJobHandler.JobKind));

        var recorded = await RecordedAsync(app, "msg_probe", "succeeded");
        var run = Assert.Single(fixture.Factory.Services.GetRequiredService<ProbeJobHandler.Runs>().Jobs, j => j.Delivery.AppId == app);
        Assert.Equal(("msg_probe", "probe-target"), (run.Delivery.Id, run.Delivery.EndpointId));
        Assert.Equal("{\"id\":\"evt-probe\"}", Encoding.UTF8.GetString(run.EventBody)); // it asked for the event's body
        Assert.Equal(("probe ran", 1), (Assert.Single(recorded.Attempts).Response, recorded.Delivery.AttemptCount));

        // Counted in monitoring where its handler said, not where the dispatcher would guess.
        var now = fixture.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        var totals = Assert.Single(await Store.GetRollupsAsync(app, now - RollupRow.BucketMs, now + RollupRow.BucketMs, default));
        Assert.Equal(("probe", "probe-target", 1L, 1L), (totals.Channel, totals.Target, totals.Attempts, totals.JobsSucceeded));
    }

    [Fact]
    public async Task A_kind_without_a_handler_fails_with_that_reason_and_the_loop_goes_on()
    {
        var (app, _) = await fixture.NewAppAsync();
        await IngestAsync(app, "evt-unknown", new NewDelivery("msg_unknown", "somewhere", "carrier-pigeon"));

        var failed = await RecordedAsync(app, "msg_unknown", "failed");
        Assert.Equal("no handler is registered for job kind 'carrier-pigeon' in this build; the job is kept and can be retried once one is",
            failed.Delivery.LastError);
        Assert.Empty(failed.Attempts); // nothing was sent

        // The dispatcher is still claiming: the next job runs.
        await IngestAsync(app, "evt-after", new NewDelivery("msg_after", "probe-target", ProbeJobHandler.JobKind));
        await RecordedAsync(app, "msg_after", "succeeded");
    }

    /// <summary>Stores an event with one job, due now, and wakes the dispatcher as ingest would.</summary>
    private async Task IngestAsync(string app, string eventId, NewDelivery job)
    {
        var at = fixture.Clock.GetUtcNow().ToUnixTimeMilliseconds();
        await Store.IngestAsync(app, [new NewEvent(eventId, "message.created", 1, null, at, $"{{\"id\":\"{eventId}\"}}", [job])], default);
        fixture.Factory.Services.GetRequiredService<DeliverySignal>().Notify();
    }

    private async Task<DeliveryDetail> RecordedAsync(string app, string deliveryId, string status)
    {
        DeliveryDetail? detail = null;
        await ApiExtensions.Eventually(async () => (detail = await Store.GetDeliveryAsync(app, deliveryId, default))?.Delivery.Status == status,
            TimeSpan.FromSeconds(10), $"{deliveryId} is recorded as {status}");
        return detail!;
    }
}

/// <summary>A job kind that exists only in the tests: it succeeds at once and says where monitoring counts it.</summary>
public sealed class ProbeJobHandler(ProbeJobHandler.Runs runs, TimeProvider time) : IJobHandler
{
    public const string JobKind = "probe";
    public string Kind => JobKind;
    public bool NeedsEventBody => true;
    public RollupKey? RollupOf(ClaimedDelivery job) => new RollupKey(job.AppId, "probe", job.EndpointId);

    public Task<JobResult> RunAsync(ClaimedJob job, CancellationToken ct)
    {
        runs.Jobs.Enqueue(job);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var attempt = new AttemptRecord(job.Delivery.AttemptCount + 1, now, 1, null, "succeeded", null, "probe ran");
        return Task.FromResult<JobResult>(new DeliveryOutcome(job.Delivery.Seq, OutcomeKind.Succeeded, now, null, attempt, null));
    }

    /// <summary>What the handler was given, in the order it ran.</summary>
    public sealed class Runs
    {
        public ConcurrentQueue<ClaimedJob> Jobs { get; } = new();
    }
}
