namespace MLNetTransfer.Backbones;

/// <summary>
/// Puts a catalog backbone into the cache folder and returns its path: at once when a verified copy is there,
/// otherwise by downloading it (resuming, retrying, verifying size and SHA-256) under a lock that keeps other
/// processes from downloading the same file at the same time. Sources are tried in order (a mirror, the public copies,
/// the original address); one that refuses, keeps failing or serves something else hands over to the next.
/// The spec sidecar is written beside the file.
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
    /// <exception cref="BackboneDownloadException">The file is not cached and no source served it.</exception>
    public async Task<string> EnsureAsync(CatalogBackbone backbone, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        if (backbone.IsPackaged)
            return PackagedModels.Locate(backbone); // Arrived with a package: nothing to download, nothing to cache.
        ReportUnverifiedWeights(backbone);
        var target = TargetPathFor(backbone);

        // Fast path without the lock: a verified copy is only ever replaced by another verified copy.
        if (!VerifiedFile.HasValidMarker(target, backbone.SizeBytes, backbone.Sha256))
        {
            using var cacheLock = await CacheFileLock.AcquireAsync(target + ".lock", cancellationToken).ConfigureAwait(false);
            // Whoever held the lock may have just finished the download.
            if (!await CachedCopyIsValidAsync(backbone, target, cancellationToken).ConfigureAwait(false))
            {
                var sources = backbone.SourcesWith(_options.ResolveMirror());
                await DownloadAsync(backbone, target, sources, cancellationToken).ConfigureAwait(false);
            }
        }

        WriteSidecar(backbone, target);
        return target;
    }

    /// <summary>
    /// Installs a backbone file obtained some other way: a local file (copied, never moved) or one http(s) address
    /// (downloaded like a source). It must have the catalog's size and SHA-256; then it goes into the cache as
    /// <see cref="EnsureAsync"/> would put it, and the path is returned.
    /// </summary>
    /// <exception cref="BackboneDownloadException">The file holds other bytes, or the address did not serve it.</exception>
    /// <exception cref="FileNotFoundException">The local file does not exist.</exception>
    public async Task<string> ImportAsync(CatalogBackbone backbone, string pathOrUrl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentException.ThrowIfNullOrWhiteSpace(pathOrUrl);
        if (backbone.IsPackaged)
            throw new ArgumentException($"Backbone '{backbone.Name}' arrives with the NuGet package {PackagedModels.ResNet18Package}: there is nothing to import.", nameof(backbone));
        ReportUnverifiedWeights(backbone);
        var target = TargetPathFor(backbone);

        using (await CacheFileLock.AcquireAsync(target + ".lock", cancellationToken).ConfigureAwait(false))
        {
            if (WebAddress(pathOrUrl) is { } url)
                await DownloadAsync(backbone, target, [url], cancellationToken).ConfigureAwait(false);
            else
                await CopyInAsync(backbone, LocalPath(pathOrUrl), target, cancellationToken).ConfigureAwait(false);
        }

        WriteSidecar(backbone, target);
        return target;
    }

    private string TargetPathFor(CatalogBackbone backbone)
    {
        var folder = _options.ResolveCacheDirectory();
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, backbone.FileName);
    }

    /// <summary>Tells the user, through the progress sink, that the backbone's weights may not be pretrained.</summary>
    private void ReportUnverifiedWeights(CatalogBackbone backbone)
    {
        if (backbone.UnverifiedWeightsReason is { } reason)
        {
            _options.Progress?.Report(new DownloadProgress(backbone.FileName, 0, null,
                $"backbone '{backbone.Name}' is not known to hold ImageNet-pretrained weights: {reason}"));
        }
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

    private async Task DownloadAsync(CatalogBackbone backbone, string target, IReadOnlyList<Uri> sources,
        CancellationToken cancellationToken)
    {
        if (_options.ResolveOffline())
        {
            throw new BackboneDownloadException(backbone, target, sources, BackboneDownloadException.NotAvailable(backbone, target,
                $"offline mode is on (BackboneDownloadOptions.Offline or {BackboneDownloadOptions.OfflineVariable}=1) " +
                "and the file is not in the cache. It would be downloaded from:", sources.Select(s => s.ToString())));
        }

        // One partial file for all sources: they serve the same bytes, so what one delivered another can complete.
        var partial = target + ".partial";
        using var client = CreateClient();
        var fetcher = new PartialFileFetcher(client, _options.StallTimeout);
        Action<long, long?>? progress = _options.Progress is { } sink
            ? (received, total) => sink.Report(new DownloadProgress(backbone.FileName, received, total))
            : null;

        var outcomes = new List<string>();
        foreach (var source in sources)
        {
            var failure = await FetchFromAsync(backbone, source, fetcher, partial, target, progress, cancellationToken)
                .ConfigureAwait(false);
            if (failure is null) return;
            outcomes.Add($"{source}: {failure}");
        }
        throw new BackboneDownloadException(backbone, target, sources, BackboneDownloadException.NotAvailable(backbone, target,
            sources.Count == 1 ? "its source did not serve it:" : "no source served it:", outcomes));
    }

    /// <summary>Null once the file is verified and in place; otherwise what this source did, for the error message.</summary>
    private async Task<string?> FetchFromAsync(CatalogBackbone backbone, Uri source, PartialFileFetcher fetcher,
        string partial, string target, Action<long, long?>? progress, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        var checksumFailures = 0;
        for (var attempt = 1; ; attempt++)
        {
            string failure;
            var checksumRetryDue = false;
            try
            {
                await fetcher.FetchAsync(source, partial, backbone.SizeBytes, progress, cancellationToken).ConfigureAwait(false);
                var wrong = await VerifyAndInstallAsync(backbone, partial, target, cancellationToken).ConfigureAwait(false);
                if (wrong is null) return null;
                // A complete download with the wrong bytes gets one fresh try (a proxy or the transfer may have
                // garbled it), even past MaxAttempts; a second mismatch means the source itself is wrong.
                if (++checksumFailures >= 2)
                    return $"{wrong.Describe(backbone)}, on two complete downloads";
                failure = wrong.Describe(backbone);
                checksumRetryDue = true;
            }
            catch (DownloadAttemptException e) when (!e.Retryable)
            {
                // Refused, or served something that is not the file: trying this source again cannot help.
                failures.Add(e.Message);
                return failures.Count == 1 ? e.Message : ListAttempts(failures);
            }
            catch (DownloadAttemptException e)
            {
                failure = e.Message;
            }

            failures.Add(failure);
            if (attempt >= _options.MaxAttempts && !checksumRetryDue)
            {
                return failures.Distinct().Count() == 1
                    ? $"all {failures.Count} attempts failed: {failure}"
                    : $"every attempt failed ({ListAttempts(failures)})";
            }
            await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>"attempt 1: why; attempt 2: why".</summary>
    private static string ListAttempts(List<string> failures) =>
        string.Join("; ", failures.Select((why, i) => $"attempt {i + 1}: {why}"));

    /// <summary>Copies a local file in as the partial file, then verifies and installs it like a download.</summary>
    private static async Task CopyInAsync(CatalogBackbone backbone, string file, string target, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
            throw new FileNotFoundException($"The file to import for backbone '{backbone.Name}', '{file}', does not exist.", file);

        var size = new FileInfo(file).Length;
        if (size != backbone.SizeBytes)
        {
            // Not copied: the size alone proves it wrong. Hashed anyway, so the message can be compared with others.
            var sha = await VerifiedFile.Sha256Async(file, cancellationToken).ConfigureAwait(false);
            throw WrongImport(backbone, file, target, new WrongBytes(size, sha, BodySniffer.ClassifyFile(file)));
        }

        var partial = target + ".partial";
        File.Copy(file, partial, overwrite: true);
        // The copy is what gets hashed and installed, so bytes garbled on the way in are caught too.
        if (await VerifyAndInstallAsync(backbone, partial, target, cancellationToken).ConfigureAwait(false) is { } wrong)
            throw WrongImport(backbone, file, target, wrong);
    }

    private static BackboneDownloadException WrongImport(CatalogBackbone backbone, string file, string target, WrongBytes wrong) =>
        new(backbone, target, [], BackboneDownloadException.WrongFile(backbone, file, wrong.Size, wrong.Sha256, wrong.Kind));

    /// <summary>Null when the partial file was right and is now in place; otherwise what it held instead.</summary>
    private static async Task<WrongBytes?> VerifyAndInstallAsync(CatalogBackbone backbone, string partial, string target,
        CancellationToken cancellationToken)
    {
        var size = new FileInfo(partial).Length;
        var actual = await VerifiedFile.Sha256Async(partial, cancellationToken).ConfigureAwait(false);
        if (size != backbone.SizeBytes || actual != backbone.Sha256)
        {
            var kind = BodySniffer.ClassifyFile(partial);
            File.Delete(partial); // Resuming from wrong bytes would only reproduce them.
            return new WrongBytes(size, actual, kind);
        }

        File.Move(partial, target, overwrite: true);
        VerifiedFile.WriteMarker(target, backbone.Sha256);
        return null;
    }

    /// <summary>The http(s) address <paramref name="pathOrUrl"/> names, or null for a file path (file:// included).</summary>
    private static Uri? WebAddress(string pathOrUrl) =>
        Uri.TryCreate(pathOrUrl.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : null;

    private static string LocalPath(string path) =>
        Uri.TryCreate(path, UriKind.Absolute, out var uri) && uri.IsFile ? uri.LocalPath : Path.GetFullPath(path);

    private TimeSpan Backoff(int attempt) =>
        TimeSpan.FromTicks(_options.InitialBackoff.Ticks * (1L << Math.Min(attempt - 1, 16)));

    private HttpClient CreateClient()
    {
        // The default handler follows redirects (the Hugging Face copy answers with one to its storage host), resending
        // the same request, Range header included.
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

    /// <summary>What a rejected file held: its size, its SHA-256 and what its first bytes say it is.</summary>
    private sealed record WrongBytes(long Size, string Sha256, BodyKind Kind)
    {
        public string Describe(CatalogBackbone backbone) =>
            $"sha256 mismatch: expected {backbone.Sha256} ({backbone.SizeBytes} bytes), got {Sha256} ({Size} bytes)" +
            (BodySniffer.Describe(Kind) is { } what ? $": {what}" : "");
    }
}
