using System.Net;
using System.Net.Http.Headers;

namespace MLNetTransfer.Backbones;

/// <summary>
/// One HTTP attempt that fills a <c>.partial</c> file. When the file already holds bytes it asks for the rest with a
/// Range request and appends on 206; a 200 answer means the server ignored the range, so it starts over. Bytes
/// received stay in the file whatever happens, so the next attempt can resume. A body that cannot be the file (a Git
/// LFS pointer, an HTML page, the wrong length) is refused before any of it is written. Redirects are followed by the
/// client, which sends the same request, Range header included, to the new address.
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
        // Longer than the real file, or a pointer or web page an older run kept: cannot be a prefix of the file.
        if (existing > expectedSize || (existing > 0 && BodySniffer.ClassifyFile(partialPath) != BodyKind.Plausible))
        {
            File.Delete(partialPath);
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
            var append = CheckStatus(response, url, existing, expectedSize);
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);

            // Looked at before the file is opened, so a body that is not the model leaves the partial file as it was.
            var head = append ? [] : await ReadPrefixAsync(body, cancellationToken).ConfigureAwait(false);
            if (BodySniffer.Describe(BodySniffer.Classify(head, mediaType)) is { } notTheModel)
                throw new DownloadAttemptException($"served {notTheModel}{Redirected(response, url)}", retryable: false);
            if (!append && response.Content.Headers.ContentLength is { } length && length != expectedSize)
            {
                throw new DownloadAttemptException(
                    $"served {length} bytes, not the {expectedSize} of the file{Redirected(response, url)}", retryable: false);
            }

            var total = append ? existing + (response.Content.Headers.ContentLength ?? expectedSize - existing) : expectedSize;
            await using var file = new FileStream(partialPath, append ? FileMode.Append : FileMode.Create,
                FileAccess.Write, FileShare.None, BufferSize, useAsync: true);
            await file.WriteAsync(head, cancellationToken).ConfigureAwait(false);
            await CopyAsync(body, file, (append ? existing : 0) + head.Length, total, progress, cancellationToken).ConfigureAwait(false);
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
    private static bool CheckStatus(HttpResponseMessage response, Uri url, long existing, long expectedSize)
    {
        var code = (int)response.StatusCode;
        var fileLength = response.Content.Headers.ContentRange?.Length;
        if (response.StatusCode == HttpStatusCode.PartialContent)
        {
            var from = response.Content.Headers.ContentRange?.From;
            if (fileLength is { } served && served != expectedSize)
            {
                throw new DownloadAttemptException(
                    $"serves a file of {served} bytes, not the {expectedSize} of the file{Redirected(response, url)}", retryable: false);
            }
            if (existing > 0 && (from is null || from == existing))
                return true;
            throw new DownloadAttemptException(
                $"the server answered 206 for bytes from {from?.ToString() ?? "?"}, not from {existing}", retryable: true);
        }
        if (response.IsSuccessStatusCode)
            return false;

        var why = $"HTTP {code} {response.ReasonPhrase}".TrimEnd() + Redirected(response, url);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // "bytes */N": the host's file is shorter than what is already here, so it is another file.
            if (fileLength is { } served && served != expectedSize)
                throw new DownloadAttemptException($"{why}: it serves a file of {served} bytes, not {expectedSize}", retryable: false);
            throw new DownloadAttemptException($"{why} for a resumed download", retryable: true);
        }
        // Server faults, timeouts and throttling pass; anything else (404, 403, 401, 410...) will not change.
        var retryable = code >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
        throw new DownloadAttemptException(why, retryable);
    }

    /// <summary>" (redirected to HOST)" when the answer came from another host than the one asked; else empty.</summary>
    private static string Redirected(HttpResponseMessage response, Uri asked)
    {
        var final = response.RequestMessage?.RequestUri;
        return final is not null && !string.Equals(final.Authority, asked.Authority, StringComparison.OrdinalIgnoreCase)
            ? $" (redirected to {final.Authority})"
            : "";
    }

    /// <summary>The first <see cref="BodySniffer.PrefixLength"/> bytes of the body, or all of a shorter one.</summary>
    private async Task<byte[]> ReadPrefixAsync(Stream body, CancellationToken cancellationToken)
    {
        var prefix = new byte[BodySniffer.PrefixLength];
        var filled = 0;
        while (filled < prefix.Length)
        {
            var read = await WithStallTimeout(
                token => body.ReadAsync(prefix.AsMemory(filled), token).AsTask(), cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            filled += read;
        }
        return prefix[..filled];
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
