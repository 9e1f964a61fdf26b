using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Herald.Kernel;

/// <summary>
/// Finds text in a JSON body that is not Unicode: invalid UTF-8 bytes, or a lone surrogate written as
/// an escape ("\ud800"). System.Text.Json parses both without complaint and only fails when a string
/// is read (a 500 deep inside a handler), and a writer would turn them into U+FFFD, so Herald would
/// store other text than was sent. Every JSON body is checked here once, before anything reads it.
/// </summary>
public static class JsonText
{
    /// <summary>What went wrong and where, in the API's own path notation ("events[2].sender.uid", "body").</summary>
    public sealed record Finding(string Path, string Fix);

    public const string StringFix =
        "This text is not valid Unicode (invalid UTF-8 bytes, or a lone surrogate such as \\ud800 without its pair); send UTF-8 text.";

    /// <summary>
    /// The first string (property name or value) that is not valid Unicode, or null when every one is.
    /// Malformed JSON is not a finding here: the parser that reads the body next reports it with its position.
    /// </summary>
    /// <param name="prefix">Prepended to the path, e.g. "events[3]" when the span is one event of a batch.</param>
    public static Finding? FindInvalidString(ReadOnlySpan<byte> json, string prefix = "") =>
        // The common case, all text valid, is one pass that allocates nothing; only a body with a
        // finding is read again, keeping property names, to say where it is.
        AllUnicode(json) ? null : Locate(json, prefix);

    private static bool AllUnicode(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            while (reader.Read())
                if (reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String && !IsUnicode(ref reader)) return false;
        }
        catch (JsonException)
        {
            // Not JSON at all: left to the body's parser, which says where and why.
        }
        return true;
    }

    private static Finding? Locate(ReadOnlySpan<byte> json, string prefix)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        // One frame per open container: its property name for the next value, or its next index.
        var frames = new List<(bool Array, int Index, string? Name)>(8);
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        frames.Add((reader.TokenType == JsonTokenType.StartArray, 0, null));
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        Advance(frames);
                        continue;
                    case JsonTokenType.PropertyName:
                        if (!IsUnicode(ref reader)) return new Finding(Path(prefix, frames, nameOfProperty: true), StringFix);
                        frames[^1] = (false, 0, reader.GetString());
                        continue;
                    case JsonTokenType.String:
                        if (!IsUnicode(ref reader)) return new Finding(Path(prefix, frames, nameOfProperty: false), StringFix);
                        Advance(frames);
                        continue;
                    default:
                        Advance(frames);
                        continue;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON at all: left to the body's parser, which says where and why.
        }
        return null;
    }

    private static bool IsUnicode(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped) return Utf8.IsValid(reader.ValueSpan);
        // An escaped string: unescaping is what finds a lone "\ud800", and it throws rather than
        // substituting.
        try
        {
            // Unescaped text is never longer than its escaped form, so short strings fit on the stack.
            if (reader.ValueSpan.Length <= 256)
            {
                Span<char> text = stackalloc char[256];
                _ = reader.CopyString(text);
            }
            else _ = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void Advance(List<(bool Array, int Index, string? Name)> frames)
    {
        if (frames.Count > 0 && frames[^1].Array) frames[^1] = (true, frames[^1].Index + 1, null);
    }

    private static string Path(string prefix, List<(bool Array, int Index, string? Name)> frames, bool nameOfProperty)
    {
        var path = new StringBuilder(prefix);
        for (var i = 0; i < frames.Count; i++)
        {
            var (array, index, name) = frames[i];
            if (array) path.Append('[').Append(index).Append(']');
            else if (name is not null && !(nameOfProperty && i == frames.Count - 1))
            {
                if (path.Length > 0) path.Append('.');
                path.Append(name);
            }
        }
        // A bad property name is reported at the object that holds it: the name itself cannot be printed.
        return path.Length == 0 ? "body" : path.ToString();
    }
}
