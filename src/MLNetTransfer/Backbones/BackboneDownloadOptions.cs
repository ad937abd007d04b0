namespace MLNetTransfer.Backbones;

/// <summary>Where backbones are cached and how they are downloaded.</summary>
public sealed class BackboneDownloadOptions
{
    /// <summary>Environment variable: a base URL that serves the backbone files by file name.</summary>
    public const string MirrorVariable = "MLNETTRANSFER_MODEL_MIRROR";

    /// <summary>Environment variable: "1" (or "true") forbids any network access.</summary>
    public const string OfflineVariable = "MLNETTRANSFER_OFFLINE";

    /// <summary>The cache folder; null means <see cref="BackboneCache.DefaultDirectory"/>.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>
    /// When set, files are fetched as <c>{MirrorBaseUrl}/{FileName}</c> first, before the public addresses (a mirror
    /// inside a firewall or an air-gapped network: public hosts would only cost retries). Null falls back to
    /// <see cref="MirrorVariable"/>.
    /// </summary>
    public Uri? MirrorBaseUrl { get; set; }

    /// <summary>A download that receives no byte for this long is abandoned and retried.</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many times a download is tried from each source before moving on to the next.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The wait before the first retry; it doubles for each retry after that.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Never touch the network: only cached files are used. Also on when <see cref="OfflineVariable"/> is 1.</summary>
    public bool Offline { get; set; }

    /// <summary>The HTTP handler to use (proxies, tests); null uses a default one.</summary>
    public HttpMessageHandler? Handler { get; set; }

    /// <summary>Bytes received, and warnings such as a backbone whose weights are not known to be pretrained.</summary>
    public IProgress<DownloadProgress>? Progress { get; set; }

    /// <summary>Reads environment variables; tests replace it so they never depend on the machine's settings.</summary>
    internal Func<string, string?> ReadEnvironment { get; set; } = Environment.GetEnvironmentVariable;

    internal string ResolveCacheDirectory() =>
        Path.GetFullPath(CacheDirectory ?? BackboneCache.Resolve(ReadEnvironment));

    internal bool ResolveOffline()
    {
        if (Offline) return true;
        var value = ReadEnvironment(OfflineVariable)?.Trim();
        return value is "1" || string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
    }

    internal Uri? ResolveMirror()
    {
        if (MirrorBaseUrl is not null) return MirrorBaseUrl;
        var value = ReadEnvironment(MirrorVariable)?.Trim();
        if (string.IsNullOrEmpty(value)) return null;
        return Uri.TryCreate(value, UriKind.Absolute, out var uri)
            ? uri
            : throw new ArgumentException($"{MirrorVariable} must be an absolute URL (got '{value}').");
    }

    internal void Validate()
    {
        if (StallTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(StallTimeout), "must be positive.");
        if (MaxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(MaxAttempts), "must be at least 1.");
        if (InitialBackoff < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(InitialBackoff), "must not be negative.");
    }
}
