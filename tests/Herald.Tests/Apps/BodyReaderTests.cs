using System.Runtime.InteropServices;
using Herald.Apps;
using Herald.Hosting;
using Microsoft.AspNetCore.Http;

namespace Herald.Tests.Apps;

public sealed class BodyReaderTests
{
    private static HttpRequest Request(byte[] body, long? declared)
    {
        var http = new DefaultHttpContext();
        http.Request.Body = new MemoryStream(body);
        http.Request.ContentLength = declared;
        return http.Request;
    }

    [Fact]
    public async Task A_declared_length_is_not_allocated_before_the_bytes_arrive()
    {
        // A client declaring 16 MB and sending 10 bytes (then stalling or closing) must not cost 16 MB.
        var body = await BodyReader.ReadAsync(Request("0123456789"u8.ToArray(), 16 * 1024 * 1024), 16 * 1024 * 1024, default);
        Assert.NotNull(body);
        Assert.Equal("0123456789"u8.ToArray(), body.Value.ToArray());
        Assert.True(MemoryMarshal.TryGetArray(body.Value, out var segment));
        Assert.True(segment.Array!.Length < 64 * 1024, $"a {segment.Array.Length}-byte buffer for 10 bytes");
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_or_without_a_declared_length()
    {
        var tooBig = new byte[2048];
        Assert.Null(await BodyReader.ReadAsync(Request(tooBig, null), 1024, default));
        Assert.Null(await BodyReader.ReadAsync(Request(tooBig, 2048), 1024, default));
        Assert.Null(await BodyReader.ReadAsync(Request([1], 2048), 1024, default)); // declared over: refused before reading
        Assert.Equal(1024, (await BodyReader.ReadAsync(Request(new byte[1024], null), 1024, default))!.Value.Length);
    }
}
