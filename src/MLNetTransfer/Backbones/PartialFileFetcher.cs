using System.Net;
using System.Net.Http.Headers;

namespace MLNetTransfer.Backbones;

/// <summary>
/// One HTTP attempt that fills a <c>.partial</c> file. When the file already holds bytes it asks for the rest with a
/// Range request and appends on 206; a 200 answer means the server ignored the range, so it starts over. Bytes
/// received stay in the file whatever happens, so the next attempt can resume.
/// </summary>
internal sealed class PartialFileFetcher(HttpClient client, TimeSpan stallTimeout)
{
    private const int BufferSize = 1 << 16;

    /// <summary>Fetches into <paramref name="partialPath"/> until it holds <paramref name="expectedSize"/> bytes.</summary>
    /// <exception cref="DownloadAttemptException">The attempt failed; the exception says whether to retry.</exception>
    public async Task FetchAsync(Uri url, string partialPath, long expectedSize, Action<long, long?>? progress,
        CancellationToken cancellationToken)
    {
        var existing = File.Exists(partialPath) ? new FileInfo(partialPath).Length : 0;
        if (existing > expectedSize)
        {
            File.Delete(partialPath); // Longer than the real file: cannot be a prefix of it.
            existing = 0;
        }
        if (existing == expectedSize)
            return; // A complete earlier download that was never verified; the caller verifies it now.

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (existing > 0)
            request.Headers.Range = new RangeHeaderValue(existing, null);

        try
        {
            using var response = await WithStallTimeout(
                token => client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token), cancellationToken)
                .ConfigureAwait(false);
            var append = CheckStatus(response, existing);
            var total = append ? existing + (response.Content.Headers.ContentLength ?? expectedSize - existing)
                : response.Content.Headers.ContentLength ?? expectedSize;
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using var file = new FileStream(partialPath, append ? FileMode.Append : FileMode.Create,
                FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
            await CopyAsync(body, file, append ? existing : 0, total, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (DownloadAttemptException)
        {
            throw;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            // Connection refused or reset, body cut short, or an HttpClient-level timeout: all worth retrying.
            throw new DownloadAttemptException($"network error: {e.Message}", retryable: true, e);
        }

        var received = new FileInfo(partialPath).Length;
        if (received < expectedSize)
            throw new DownloadAttemptException(
                $"the body ended early ({received} of {expectedSize} bytes received)", retryable: true);
    }

    /// <summary>True to append to the partial file (206), false to start over (200); throws for anything else.</summary>
    private static bool CheckStatus(HttpResponseMessage response, long existing)
    {
        var code = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.PartialContent)
        {
            var from = response.Content.Headers.ContentRange?.From;
            if (existing > 0 && (from is null || from == existing))
                return true;
            throw new DownloadAttemptException(
                $"the server answered 206 for bytes from {from?.ToString() ?? "?"}, not from {existing}", retryable: true);
        }
        if (response.IsSuccessStatusCode)
            return false;

        var why = $"HTTP {code} {response.ReasonPhrase}".TrimEnd();
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
            throw new DownloadAttemptException($"{why} for a resumed download", retryable: true);
        // Server faults, timeouts and throttling pass; anything else (404, 403, 401, 410...) will not change.
        var retryable = code >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
        throw new DownloadAttemptException(why, retryable);
    }

    private async Task CopyAsync(Stream body, FileStream file, long received, long? total,
        Action<long, long?>? progress, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferSize];
        progress?.Invoke(received, total);
        while (true)
        {
            var read = await WithStallTimeout(
                token => body.ReadAsync(buffer, token).AsTask(), cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            received += read;
            progress?.Invoke(received, total);
        }
    }

    /// <summary>Runs one network step, turning "nothing arrived for the stall timeout" into a retryable failure.</summary>
    private async Task<T> WithStallTimeout<T>(Func<CancellationToken, Task<T>> step, CancellationToken cancellationToken)
    {
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stall.CancelAfter(stallTimeout);
        try
        {
            return await step(stall.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (stall.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new DownloadAttemptException(
                $"stalled: no data received for {stallTimeout.TotalSeconds:0.###} s", retryable: true, e);
        }
    }
}
