using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Herald.Client;

/// <summary>
/// Serializes events once, each checked against Herald's per-event limit, into batch bodies that keep to its
/// batch limits. Each body is built whole before anything is sent, so a too-large event fails the call before
/// its first request, and every retry resends the same bytes (the same made ids).
/// </summary>
internal sealed class EventBatches(HeraldClientOptions options) : IDisposable
{
    private static ReadOnlySpan<byte> Open => "{\"events\":["u8;
    private static ReadOnlySpan<byte> Close => "]}"u8;

    // Relaxed escaping: the body is never embedded in HTML, and \uXXXX for every non-ASCII letter would
    // triple the size of a chat message in most scripts, and with it how soon a batch fills.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // One scratch buffer and writer per call, reset per event: nothing is allocated per event but its JSON's copy.
    private readonly ArrayBufferWriter<byte> _scratch = new(1024);
    private Utf8JsonWriter? _writer;

    /// <summary>The batch bodies, each at most MaxBatchEvents events and MaxBatchBytes bytes.</summary>
    public List<ReadOnlyMemory<byte>> Split(IEnumerable<HeraldEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var bodies = new List<ReadOnlyMemory<byte>>();
        ArrayBufferWriter<byte>? body = null;
        int count = 0, index = 0;
        var known = events.TryGetNonEnumeratedCount(out var total);
        foreach (var e in events)
        {
            var json = Serialize(e, index);
            if (body is null || count == options.MaxBatchEvents || body.WrittenCount + 1 + json.Length + Close.Length > options.MaxBatchBytes)
            {
                if (body is not null) bodies.Add(Closed(body));
                body = new ArrayBufferWriter<byte>(Capacity(json.Length, known ? total - index : null));
                body.Write(Open);
                count = 0;
            }
            if (count > 0) body.Write(","u8);
            body.Write(json);
            count++;
            index++;
        }
        if (body is not null) bodies.Add(Closed(body));
        return bodies;
    }

    /// <summary>
    /// A batch buffer sized from its first event and the events left, with an eighth to spare: grown by doubling
    /// instead, a 160 KB batch allocated 450 KB (64 + 128 + 256 KB), three times its size, on every call.
    /// </summary>
    private int Capacity(int firstEventBytes, int? eventsLeft)
    {
        if (eventsLeft is not { } left) return Math.Min(options.MaxBatchBytes, 64 * 1024);
        var estimate = (long)(firstEventBytes + 1) * Math.Min(left, options.MaxBatchEvents);
        return (int)Math.Min(options.MaxBatchBytes, Open.Length + Close.Length + estimate + estimate / 8);
    }

    private static ReadOnlyMemory<byte> Closed(ArrayBufferWriter<byte> body)
    {
        body.Write(Close);
        return body.WrittenMemory;
    }

    /// <summary>One event's JSON (valid until the next call), with an id made if it had none.</summary>
    public ReadOnlySpan<byte> Serialize(HeraldEvent? e, int index)
    {
        if (e is null) throw new ArgumentException($"events[{index}] is null.", "events");
        if (e.Id is null) e = e with { Id = NewId() };
        _scratch.ResetWrittenCount();
        if (_writer is null) _writer = new Utf8JsonWriter(_scratch, WriterOptions);
        else _writer.Reset(_scratch);
        JsonSerializer.Serialize(_writer, e, e.SerializerInfo);
        if (_scratch.WrittenCount > options.MaxEventBytes)
            throw new ArgumentException(
                $"events[{index}] ({e.Type}, id '{e.Id}') is {_scratch.WrittenCount:#,0} bytes as JSON; Herald takes at most {options.MaxEventBytes:#,0} " +
                "(Herald:Ingest:MaxEventBytes). Move large content out of the event and link to it.", "events");
        return _scratch.WrittenSpan;
    }

    /// <summary>
    /// <c>evt_</c> and a UUIDv7 as Herald makes its own: unique without coordination, and sorting by creation
    /// like the ids Herald would have made.
    /// </summary>
    internal static string NewId() => "evt_" + Guid.CreateVersion7().ToString("N");

    public void Dispose() => _writer?.Dispose();
}
