using System.Text.Json;
using Herald.Client;

namespace Herald.Tests.Client;

/// <summary>The batch splitter on its own: where it cuts, by count and by serialized bytes.</summary>
public sealed class EventBatchesTests
{
    private static MessageCreated Message(int i, int textLength = 10) => new()
    {
        Id = $"m-{i}",
        Sender = new EventSender("u1"),
        Data = new MessageData { Text = new string('x', textLength) },
    };

    private static string[] Ids(ReadOnlyMemory<byte> body)
    {
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToArray();
    }

    [Theory]
    [InlineData(1, new[] { 1 })]
    [InlineData(1000, new[] { 1000 })]
    [InlineData(1001, new[] { 1000, 1 })]
    [InlineData(2500, new[] { 1000, 1000, 500 })]
    public void Splits_at_1000_events(int n, int[] sizes)
    {
        using var batches = new EventBatches(new HeraldClientOptions());
        var bodies = batches.Split(Enumerable.Range(0, n).Select(i => Message(i)));
        Assert.Equal(sizes, bodies.Select(b => Ids(b).Length));
        Assert.Equal(Enumerable.Range(0, n).Select(i => $"m-{i}"), bodies.SelectMany(Ids)); // every event once, in order
    }

    [Fact]
    public void Splits_by_serialized_bytes_filling_each_batch_as_far_as_the_limit_allows()
    {
        var options = new HeraldClientOptions { MaxBatchBytes = 10_000, MaxEventBytes = 3_000 };
        using var batches = new EventBatches(options);
        // Sizes that vary, so a count-based guess would cut in the wrong places.
        var events = Enumerable.Range(0, 40).Select(i => Message(i, 500 + i * 37 % 2000)).ToList();
        var bodies = batches.Split(events);

        Assert.True(bodies.Count > 1);
        Assert.All(bodies, b => Assert.True(b.Length <= options.MaxBatchBytes, $"a batch of {b.Length} bytes"));
        Assert.Equal(events.Select(e => e.Id), bodies.SelectMany(Ids));
        // Each cut was needed: the next batch's first event would not have fitted in the batch before it.
        for (var i = 0; i + 1 < bodies.Count; i++)
        {
            using var next = JsonDocument.Parse(bodies[i + 1]);
            var first = next.RootElement.GetProperty("events")[0].GetRawText().Length;
            Assert.True(bodies[i].Length + 1 + first > options.MaxBatchBytes, $"batch {i} ({bodies[i].Length} bytes) had room for {first} more");
        }
    }

    [Fact]
    public void An_event_over_the_per_event_limit_is_an_argument_error_naming_it()
    {
        using var batches = new EventBatches(new HeraldClientOptions { MaxEventBytes = 1_000 });
        var e = Assert.Throws<ArgumentException>(() => batches.Split([Message(0), Message(1), Message(2, 2_000)]));
        Assert.Contains("events[2]", e.Message);
        Assert.Equal("events", e.ParamName);
    }

    [Fact]
    public void Events_without_an_id_get_distinct_ones()
    {
        using var batches = new EventBatches(new HeraldClientOptions());
        var ids = Ids(batches.Split(Enumerable.Range(0, 50).Select(_ => new MessageCreated()))[0]);
        Assert.All(ids, id => Assert.StartsWith("evt_", id));
        Assert.Equal(50, ids.Distinct().Count());
    }

    [Fact]
    public void Splitting_allocates_the_body_and_nothing_per_event()
    {
        // The bench's ingest runs through this: beyond the body it writes, the client must not allocate per event
        // (the events here have ids, as the bench's do; an id-less event costs its made id and a copy of the record).
        var events = Enumerable.Range(0, 1000).Select(i => Message(i, 120)).ToList();
        using var batches = new EventBatches(new HeraldClientOptions());
        batches.Split(events); // the serializer's metadata and the scratch buffer are made once, on the first call
        var before = GC.GetAllocatedBytesForCurrentThread();
        var body = Assert.Single(batches.Split(events));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated <= body.Length * 1.2 + 4096, $"{allocated:#,0} bytes allocated for a body of {body.Length:#,0}");
    }
}
