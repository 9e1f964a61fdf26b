using System.Text.Json;
using Herald.Storage;

namespace Herald.Ingest;

/// <summary>
/// The idempotency rule of ingest, as payment APIs have it: an id sent again with the same event is a
/// harmless repeat (2xx, nothing new), with another event it is a mistake (409), and the first one stands.
/// Compared on the rendered webhook bodies, so "version": 1 and a left-out version are the same event.
/// </summary>
public static class EventRepeats
{
    /// <summary>Fields set by Herald at receipt, which differ on every repeat.</summary>
    private static readonly HashSet<string> SetByHerald = ["createdAt"];

    /// <returns>null when <paramref name="sent"/> repeats the stored event; otherwise the fields that differ.</returns>
    public static string? Difference(NewEvent sent, string storedPayload)
    {
        using var stored = JsonDocument.Parse(storedPayload);
        using var now = JsonDocument.Parse(sent.Payload);
        var names = new List<string>();
        foreach (var p in stored.RootElement.EnumerateObject())
            if (!SetByHerald.Contains(p.Name) && !names.Contains(p.Name)) names.Add(p.Name);
        foreach (var p in now.RootElement.EnumerateObject())
            if (!SetByHerald.Contains(p.Name) && !names.Contains(p.Name)) names.Add(p.Name);

        var differences = new List<string>();
        foreach (var name in names)
        {
            var had = stored.RootElement.TryGetProperty(name, out var a);
            var has = now.RootElement.TryGetProperty(name, out var b);
            if (had && has && JsonElement.DeepEquals(a, b)) continue;
            differences.Add(name switch
            {
                _ when !had => $"{name} was not in the stored event",
                _ when !has => $"{name} is missing",
                "type" or "version" or "occurredAt" => $"{name} is {a.GetRawText()} in the stored event, {b.GetRawText()} in this one",
                _ => $"{name} differs",
            });
        }
        return differences.Count == 0 ? null : string.Join("; ", differences);
    }
}
