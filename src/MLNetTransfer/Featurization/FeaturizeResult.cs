namespace MLNetTransfer.Featurization;

/// <summary>
/// Features of every image that could be used, in input order: row r of <see cref="Features"/> belongs to input
/// <see cref="Indices"/>[r]. Images that could not be used are in <see cref="Skipped"/> with their reason.
/// </summary>
internal sealed class FeaturizeResult
{
    public required int FeatureCount { get; init; }

    public required float[] Features { get; init; }

    public required int[] Indices { get; init; }

    /// <summary>
    /// SHA-256 of each row's image bytes (same order as <see cref="Indices"/>): equal hashes, identical files.
    /// Null when the producer did not hash (an engine run reading pixels directly).
    /// </summary>
    public string[]? ContentHashes { get; init; }

    public required IReadOnlyList<SkippedImage> Skipped { get; init; }

    public required int Computed { get; init; }

    public required int FromCache { get; init; }

    /// <summary>Wall time of the whole featurizing phase, cache reads included.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Problems with the cache itself (e.g. an unwritable folder); features were still computed.</summary>
    public required IReadOnlyList<string> CacheWarnings { get; init; }

    /// <summary>Images whose features a store-only run did not find (see FeaturizerOptions.FromStoreOnly), in input order.</summary>
    internal IReadOnlyList<SkippedImage> MissingFromStore { get; init; } = [];

    public int Count => Indices.Length;

    public ReadOnlySpan<float> Row(int row) => Features.AsSpan(row * FeatureCount, FeatureCount);
}
