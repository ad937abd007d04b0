namespace MLNetTransfer.Backbones;

/// <summary>
/// Puts a catalog backbone into the cache folder and returns its path: at once when a verified copy is there,
/// otherwise by downloading it (resuming, retrying, verifying size and SHA-256) under a lock that keeps other
/// processes from downloading the same file at the same time. The spec sidecar is written beside the file.
/// </summary>
public sealed class BackboneDownloader
{
    private readonly BackboneDownloadOptions _options;

    public BackboneDownloader(BackboneDownloadOptions? options = null)
    {
        _options = options ?? new BackboneDownloadOptions();
        _options.Validate();
    }

    /// <summary>The full path of the verified <c>.onnx</c> in the cache folder, with its <c>.json</c> spec beside it.</summary>
    /// <exception cref="BackboneDownloadException">The file is not cached and could not be downloaded.</exception>
    public async Task<string> EnsureAsync(CatalogBackbone backbone, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        if (backbone.IsPackaged)
            return PackagedModels.Locate(backbone); // Arrived with a package: nothing to download, nothing to cache.
        var folder = _options.ResolveCacheDirectory();
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, backbone.FileName);

        // Fast path without the lock: a verified copy is only ever replaced by another verified copy.
        if (!VerifiedFile.HasValidMarker(target, backbone.SizeBytes, backbone.Sha256))
        {
            using var cacheLock = await CacheFileLock.AcquireAsync(target + ".lock", cancellationToken).ConfigureAwait(false);
            // Whoever held the lock may have just finished the download.
            if (!await CachedCopyIsValidAsync(backbone, target, cancellationToken).ConfigureAwait(false))
                await DownloadAsync(backbone, target, cancellationToken).ConfigureAwait(false);
        }

        WriteSidecar(backbone, target);
        return target;
    }

    /// <summary>True when the cached file is the expected one; a wrong one is moved aside as <c>.corrupt</c>.</summary>
    private static async Task<bool> CachedCopyIsValidAsync(CatalogBackbone backbone, string target, CancellationToken cancellationToken)
    {
        if (!File.Exists(target)) return false;
        if (VerifiedFile.HasValidMarker(target, backbone.SizeBytes, backbone.Sha256)) return true;

        if (new FileInfo(target).Length == backbone.SizeBytes &&
            await VerifiedFile.Sha256Async(target, cancellationToken).ConfigureAwait(false) == backbone.Sha256)
        {
            VerifiedFile.WriteMarker(target, backbone.Sha256);
            return true;
        }

        // Kept rather than deleted, so a person can see what was wrong with it.
        File.Move(target, target + ".corrupt", overwrite: true);
        VerifiedFile.DeleteMarker(target);
        return false;
    }

    private async Task DownloadAsync(CatalogBackbone backbone, string target, CancellationToken cancellationToken)
    {
        var url = SourceUrl(backbone);
        if (_options.ResolveOffline())
        {
            throw new BackboneDownloadException(backbone, url, target,
                $"offline mode is on (BackboneDownloadOptions.Offline or {BackboneDownloadOptions.OfflineVariable}=1) " +
                "and the file is not in the cache.");
        }

        var partial = target + ".partial";
        using var client = CreateClient();
        var fetcher = new PartialFileFetcher(client, _options.StallTimeout);
        Action<long, long?>? progress = _options.Progress is { } sink
            ? (received, total) => sink.Report(new DownloadProgress(backbone.FileName, received, total))
            : null;

        var failures = new List<string>();
        var checksumFailures = 0;
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            var checksumRetryDue = false;
            try
            {
                await fetcher.FetchAsync(url, partial, backbone.SizeBytes, progress, cancellationToken).ConfigureAwait(false);
                var mismatch = await VerifyAndInstallAsync(backbone, partial, target, cancellationToken).ConfigureAwait(false);
                if (mismatch is null) return;
                // A complete download with the wrong bytes gets one fresh try (a proxy or the transfer may have
                // garbled it), even past MaxAttempts; a second mismatch means the source itself is wrong.
                if (++checksumFailures >= 2)
                    throw new BackboneDownloadException(backbone, url, target, $"{mismatch}, on two complete downloads.");
                failure = mismatch;
                checksumRetryDue = true;
            }
            catch (DownloadAttemptException e) when (!e.Retryable)
            {
                throw new BackboneDownloadException(backbone, url, target, $"{url} answered {e.Message}.", e);
            }
            catch (DownloadAttemptException e)
            {
                failure = e.Message;
            }

            failures.Add($"attempt {attempt}: {failure}");
            if (attempt >= _options.MaxAttempts && !checksumRetryDue)
            {
                throw new BackboneDownloadException(backbone, url, target,
                    $"every download attempt failed ({string.Join("; ", failures)}).");
            }
            await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Null when the partial file was right and is now in place; otherwise why it was rejected.</summary>
    private static async Task<string?> VerifyAndInstallAsync(CatalogBackbone backbone, string partial, string target,
        CancellationToken cancellationToken)
    {
        var size = new FileInfo(partial).Length;
        var actual = await VerifiedFile.Sha256Async(partial, cancellationToken).ConfigureAwait(false);
        if (size != backbone.SizeBytes || actual != backbone.Sha256)
        {
            File.Delete(partial); // Resuming from wrong bytes would only reproduce them.
            return $"sha256 mismatch: expected {backbone.Sha256} ({backbone.SizeBytes} bytes), got {actual} ({size} bytes)";
        }

        File.Move(partial, target, overwrite: true);
        VerifiedFile.WriteMarker(target, backbone.Sha256);
        return null;
    }

    private Uri SourceUrl(CatalogBackbone backbone)
    {
        var mirror = _options.ResolveMirror();
        if (mirror is null) return backbone.Url;
        var baseText = mirror.AbsoluteUri;
        var folder = new Uri(baseText.EndsWith('/') ? baseText : baseText + "/");
        return new Uri(folder, Uri.EscapeDataString(backbone.FileName));
    }

    private TimeSpan Backoff(int attempt) =>
        TimeSpan.FromTicks(_options.InitialBackoff.Ticks * (1L << Math.Min(attempt - 1, 16)));

    private HttpClient CreateClient()
    {
        var handler = _options.Handler ?? new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.None };
        // Stalls are detected per read, so the client-wide timeout must not cut off a long, healthy download.
        return new HttpClient(handler, disposeHandler: _options.Handler is null) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>Writes the spec sidecar unless an identical one is already there.</summary>
    private static void WriteSidecar(CatalogBackbone backbone, string target)
    {
        var sidecar = BackboneSpec.SidecarPathFor(target);
        var json = backbone.Spec.ToJson();
        try
        {
            if (File.Exists(sidecar) && File.ReadAllText(sidecar) == json) return;
        }
        catch (IOException)
        {
            // Unreadable: rewrite it.
        }
        AtomicFile.WriteAllText(sidecar, json);
    }
}
