using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MLNetTransfer.Tests.Backbones;

/// <summary>A request as the server saw it; <see cref="Index"/> counts from 0 in arrival order.</summary>
internal sealed record ReceivedRequest(int Index, string Method, string Path, string? Range);

/// <summary>Writes the whole raw response (status line, headers, body) for one request, then returns.</summary>
internal delegate Task Responder(ReceivedRequest request, Stream connection, CancellationToken cancellationToken);

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 built on a raw socket, so a test controls every byte: it can cut a body
/// short, go silent mid-way or ignore a Range header, which a real server framework would not allow.
/// One request per connection; the connection closes when the responder returns.
/// </summary>
internal sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Responder _responder;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly Task _acceptLoop;
    private int _nextIndex = -1;

    public LocalHttpServer(Responder responder)
    {
        _responder = responder;
        _listener.Start();
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _acceptLoop = AcceptAsync();
    }

    public Uri BaseUrl { get; }

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedRequest> Requests => _requests.OrderBy(r => r.Index).ToList();

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _connections.Add(Task.Run(() => ServeAsync(client)));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = await ReadHeadAsync(stream, _stop.Token);
                if (head is null) return;
                var request = Parse(Interlocked.Increment(ref _nextIndex), head);
                _requests.Enqueue(request);
                await _responder(request, stream, _stop.Token);
                await stream.FlushAsync(_stop.Token);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The client gave up (as the stall tests intend) or the server is stopping.
            }
        }
    }

    private static async Task<string?> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0) return null;
            bytes.Add(one[0]);
            if (bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n')
                return Encoding.ASCII.GetString(bytes.ToArray());
        }
    }

    private static ReceivedRequest Parse(int index, string head)
    {
        var lines = head.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var parts = lines[0].Split(' ');
        var range = lines.Skip(1)
            .Select(l => l.Split(':', 2))
            .Where(kv => kv.Length == 2 && kv[0].Trim().Equals("Range", StringComparison.OrdinalIgnoreCase))
            .Select(kv => kv[1].Trim())
            .FirstOrDefault();
        return new ReceivedRequest(index, parts[0], parts[1], range);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        await Task.WhenAll(_connections);
        _stop.Dispose();
    }
}
