using System.Globalization;
using System.Text;

namespace MLNetTransfer.Tests.Backbones;

/// <summary>Raw HTTP responses for <see cref="LocalHttpServer"/>, each misbehaving in one precise way.</summary>
internal static class Responses
{
    /// <summary>The payload, honouring a <c>Range: bytes=N-</c> request with 206 as a real server would.</summary>
    public static Task Full(ReceivedRequest request, Stream connection, byte[] payload, CancellationToken token) =>
        Send(connection, request, payload, sendBytes: long.MaxValue, token);

    /// <summary>Always 200 with the whole payload, even when a range was asked for.</summary>
    public static async Task IgnoringRange(Stream connection, byte[] payload, CancellationToken token)
    {
        await WriteHead(connection, "200 OK", payload.Length, contentRange: null, token);
        await connection.WriteAsync(payload, token);
    }

    /// <summary>Promises the whole (remaining) payload but sends only <paramref name="sendBytes"/>, then closes.</summary>
    public static Task CutShort(ReceivedRequest request, Stream connection, byte[] payload, long sendBytes, CancellationToken token) =>
        Send(connection, request, payload, sendBytes, token);

    /// <summary>Sends <paramref name="sendBytes"/> of the body, then goes silent until the server stops.</summary>
    public static async Task Stalling(ReceivedRequest request, Stream connection, byte[] payload, long sendBytes, CancellationToken token)
    {
        await Send(connection, request, payload, sendBytes, token);
        await connection.FlushAsync(token);
        await Task.Delay(Timeout.InfiniteTimeSpan, token);
    }

    /// <summary>Slowly sends the payload in small pieces, so a download is visibly in progress for a while.</summary>
    public static async Task Slow(Stream connection, byte[] payload, int pieces, TimeSpan pause, CancellationToken token)
    {
        await WriteHead(connection, "200 OK", payload.Length, contentRange: null, token);
        var size = (payload.Length + pieces - 1) / pieces;
        for (var offset = 0; offset < payload.Length; offset += size)
        {
            await connection.WriteAsync(payload.AsMemory(offset, Math.Min(size, payload.Length - offset)), token);
            await connection.FlushAsync(token);
            await Task.Delay(pause, token);
        }
    }

    /// <summary>200 with a text body of the given media type, e.g. a Git LFS pointer or an HTML page.</summary>
    public static async Task Text(Stream connection, string mediaType, string text, CancellationToken token)
    {
        var body = Encoding.UTF8.GetBytes(text);
        await WriteHead(connection, "200 OK", body.Length, contentRange: null, token, mediaType);
        await connection.WriteAsync(body, token);
    }

    /// <summary>302 to another address on the same server, as a host that keeps its files elsewhere answers.</summary>
    public static async Task Redirect(Stream connection, string location, CancellationToken token)
    {
        var head = $"HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        await connection.WriteAsync(Encoding.ASCII.GetBytes(head), token);
    }

    public static async Task Status(Stream connection, int code, string reason, CancellationToken token)
    {
        var body = Encoding.ASCII.GetBytes(reason);
        await WriteHead(connection, $"{code} {reason}", body.Length, contentRange: null, token);
        await connection.WriteAsync(body, token);
    }

    private static async Task Send(Stream connection, ReceivedRequest request, byte[] payload, long sendBytes, CancellationToken token)
    {
        var from = RangeStart(request.Range);
        var remaining = payload.Length - from;
        var status = from > 0 ? "206 Partial Content" : "200 OK";
        var contentRange = from > 0 ? $"bytes {from}-{payload.Length - 1}/{payload.Length}" : null;
        await WriteHead(connection, status, remaining, contentRange, token);
        await connection.WriteAsync(payload.AsMemory((int)from, (int)Math.Min(remaining, sendBytes)), token);
    }

    private static long RangeStart(string? range)
    {
        if (range is null || !range.StartsWith("bytes=", StringComparison.Ordinal) || !range.EndsWith('-')) return 0;
        return long.Parse(range["bytes=".Length..^1], CultureInfo.InvariantCulture);
    }

    private static async Task WriteHead(Stream connection, string status, long contentLength, string? contentRange,
        CancellationToken token, string mediaType = "application/octet-stream")
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Type: {mediaType}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {contentLength}\r\n")
            .Append("Accept-Ranges: bytes\r\n")
            .Append("Connection: close\r\n");
        if (contentRange is not null) head.Append(CultureInfo.InvariantCulture, $"Content-Range: {contentRange}\r\n");
        head.Append("\r\n");
        await connection.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), token);
    }
}
