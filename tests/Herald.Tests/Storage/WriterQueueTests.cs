using Herald.Storage.Sqlite;

namespace Herald.Tests.Storage;

/// <summary>The SQLite writer's turn: one holder, delivery bookkeeping ahead of queued ingest, no turn lost to a cancelled waiter.</summary>
public sealed class WriterQueueTests
{
    [Fact]
    public async Task Urgent_waiters_go_ahead_of_earlier_normal_ones_and_each_queue_is_first_in_first_out()
    {
        var queue = new WriterQueue();
        await queue.EnterAsync(urgent: false, default);
        var order = new List<string>();
        var waiters = new[] { ("ingest1", false), ("ingest2", false), ("claim", true), ("record", true) }
            .Select(w => (w.Item1, Task: queue.EnterAsync(w.Item2, default))).ToList();
        Assert.All(waiters, w => Assert.False(w.Task.IsCompleted)); // one holder at a time

        for (var i = 0; i < waiters.Count; i++)
        {
            queue.Exit();
            var next = await Task.WhenAny(waiters.Where(w => !order.Contains(w.Item1)).Select(w => w.Task));
            order.Add(waiters.Single(w => w.Task == next).Item1);
            await Task.Delay(20);
            Assert.Equal(i + 1, waiters.Count(w => w.Task.IsCompleted)); // the others still wait
        }
        Assert.Equal(["claim", "record", "ingest1", "ingest2"], order);
        queue.Exit();
        await queue.EnterAsync(urgent: false, default).WaitAsync(TimeSpan.FromSeconds(5)); // free again
    }

    [Fact]
    public async Task A_cancelled_waiter_gives_up_its_place_and_the_turn_passes_on()
    {
        var queue = new WriterQueue();
        await queue.EnterAsync(urgent: false, default);
        using var cancel = new CancellationTokenSource();
        var cancelled = queue.EnterAsync(urgent: true, cancel.Token);
        var next = queue.EnterAsync(urgent: false, default);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);

        queue.Exit();
        await next.WaitAsync(TimeSpan.FromSeconds(5));
        queue.Exit();
        await queue.EnterAsync(urgent: true, default).WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Maintenance_waits_for_a_moment_with_nothing_else_queued_but_not_longer_than_its_patience()
    {
        var queue = new WriterQueue();
        await queue.EnterAsync(urgent: false, default);
        var sweep = queue.EnterAsync(WriterQueue.Lane.Background, default);
        var ingest = queue.EnterAsync(WriterQueue.Lane.Normal, default);
        var claim = queue.EnterAsync(WriterQueue.Lane.Urgent, default);
        queue.Exit();
        await claim.WaitAsync(TimeSpan.FromSeconds(5)); // bookkeeping first, then ingest, then the sweep
        Assert.False(ingest.IsCompleted || sweep.IsCompleted);
        queue.Exit();
        await ingest.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(sweep.IsCompleted);
        queue.Exit();
        await sweep.WaitAsync(TimeSpan.FromSeconds(5));

        // Under ingest that never pauses (a new ordinary write queued during every turn), a waiting sweep
        // still gets the turn after BackgroundPatience ordinary ones.
        var starving = queue.EnterAsync(WriterQueue.Lane.Background, default);
        var turns = 0;
        var pending = queue.EnterAsync(WriterQueue.Lane.Normal, default);
        while (!starving.IsCompleted)
        {
            var next = queue.EnterAsync(WriterQueue.Lane.Normal, default); // queued before the holder leaves
            queue.Exit();
            await Task.WhenAny(pending, starving).WaitAsync(TimeSpan.FromSeconds(5));
            if (starving.IsCompleted) break;
            turns++;
            pending = next;
            Assert.True(turns <= WriterQueue.BackgroundPatience, "the sweep waited past its patience");
        }
        Assert.Equal(WriterQueue.BackgroundPatience, turns);
    }
}
