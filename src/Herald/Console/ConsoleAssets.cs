using System.Reflection;
using System.Security.Cryptography;

namespace Herald.WebConsole;

/// <summary>The console's stylesheet and script, embedded in the assembly: no static-files set-up, no build step.</summary>
internal static class ConsoleAssets
{
    private sealed record Asset(byte[] Bytes, string ContentType, string ETag);

    private static readonly Dictionary<string, Asset> Assets = Load();

    /// <summary>A version to append to asset URLs, so a new build is never served from a stale cache.</summary>
    public static readonly string Version = Assets.Count == 0 ? "0" : Convert.ToHexStringLower(SHA256.HashData(Assets.Values.SelectMany(a => a.Bytes).ToArray()))[..12];

    private static Dictionary<string, Asset> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var result = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var (name, type) in new[] { ("console.css", "text/css; charset=utf-8"), ("console.js", "text/javascript; charset=utf-8") })
        {
            using var stream = assembly.GetManifestResourceStream("Herald.Console.Assets." + name);
            if (stream is null) continue;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            result[name] = new Asset(bytes, type, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"");
        }
        return result;
    }

    public static IResult Serve(string name, HttpContext http)
    {
        if (!Assets.TryGetValue(name, out var asset)) return Results.NotFound();
        http.Response.Headers.CacheControl = "public, max-age=3600";
        http.Response.Headers.ETag = asset.ETag;
        if (http.Request.Headers.IfNoneMatch == asset.ETag) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(asset.Bytes, asset.ContentType);
    }
}
