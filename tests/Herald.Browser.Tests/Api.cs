using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Herald.Browser.Tests;

/// <summary>Small helpers to check through the REST API what the console did.</summary>
public static class Api
{
    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        using var r = await client.GetAsync(new Uri(path, UriKind.Relative));
        var text = await r.Content.ReadAsStringAsync();
        if (!r.IsSuccessStatusCode) throw new HttpRequestException($"GET {path}: {(int)r.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task<JsonElement> PostJsonAsync(this HttpClient client, string path, object body)
    {
        using var r = await client.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        var text = await r.Content.ReadAsStringAsync();
        if (!r.IsSuccessStatusCode) throw new HttpRequestException($"POST {path}: {(int)r.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Polls until <paramref name="done"/> holds; fails with <paramref name="what"/> after the timeout.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, double seconds = 15)
    {
        var until = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (Stopwatch.GetTimestamp() > until) throw new TimeoutException($"Timed out after {seconds}s waiting for {what}; last value: {value}");
            await Task.Delay(100);
        }
    }
}
