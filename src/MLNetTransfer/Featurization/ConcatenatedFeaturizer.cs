using Microsoft.ML;
using MLNetTransfer.Backbones;
using MLNetTransfer.Onnx;

namespace MLNetTransfer.Featurization;

/// <summary>
/// Features of several backbones side by side: each backbone featurizes the images with its own preprocessing and its
/// own bottleneck cache (<see cref="BottleneckCacheKey"/> per backbone), then each image's rows are joined in backbone
/// order, [features(A), features(B)], which is what the concatenated graph (Onnx/ConcatenatedGraphBuilder) computes.
/// A backbone smaller than the largest gets the largest's pixels resized in its graph, exactly as in that graph.
/// An image any backbone could not use is skipped for all.
/// </summary>
internal sealed class ConcatenatedFeaturizer : IDisposable
{
    private readonly BottleneckFeaturizer[] _featurizers;

    public ConcatenatedFeaturizer(MLContext mlContext, IReadOnlyList<ResolvedBackbone> backbones, FeaturizerOptions? options = null)
    {
        var made = new List<BottleneckFeaturizer>();
        var size = ConcatenatedGraphBuilder.InputSize(backbones);
        try
        {
            foreach (var backbone in backbones)
                made.Add(new BottleneckFeaturizer(mlContext, backbone, options, ConcatenatedGraphBuilder.NeedsResize(backbone, size) ? size : null));
        }
        catch
        {
            made.ForEach(f => f.Dispose());
            throw;
        }
        _featurizers = [.. made];
    }

    public IReadOnlyList<BottleneckFeaturizer> Parts => _featurizers;

    public int FeatureCount => _featurizers.Sum(f => f.FeatureCount);

    /// <summary>
    /// Runs every backbone over a fresh enumeration of the images (each pass reports to <paramref name="progress"/>,
    /// counting from zero), then joins the results.
    /// </summary>
    public FeaturizeResult Featurize(Func<IEnumerable<ImageInput>> images, IProgress<FeaturizeProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        var results = _featurizers.Select(f => f.Featurize(images(), progress, cancellationToken)).ToArray();
        return Join(results);
    }

    /// <summary>Rows of the images every result holds, features side by side in result order; skips merged, one per image.</summary>
    public static FeaturizeResult Join(IReadOnlyList<FeaturizeResult> results)
    {
        ArgumentOutOfRangeException.ThrowIfZero(results.Count);
        var rowsOf = results.Select(r => r.Indices.Select((index, row) => (index, row)).ToDictionary(p => p.index, p => p.row)).ToArray();
        var kept = results[0].Indices.Where(index => rowsOf.All(rows => rows.ContainsKey(index))).ToArray();
        var width = results.Sum(r => r.FeatureCount);
        var features = new float[kept.Length * width];
        for (var k = 0; k < kept.Length; k++)
        {
            var offset = k * width;
            for (var part = 0; part < results.Count; part++)
            {
                results[part].Row(rowsOf[part][kept[k]]).CopyTo(features.AsSpan(offset));
                offset += results[part].FeatureCount;
            }
        }

        var hashes = results[0].ContentHashes;
        var skipped = results.SelectMany(r => r.Skipped).DistinctBy(s => s.Name, StringComparer.Ordinal).ToArray();
        return new FeaturizeResult
        {
            FeatureCount = width,
            Features = features,
            Indices = kept,
            ContentHashes = hashes is null ? null : kept.Select(index => hashes[rowsOf[0][index]]).ToArray(),
            Skipped = skipped,
            Computed = results.Max(r => r.Computed),
            FromCache = results.Min(r => r.FromCache),
            Elapsed = results.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Elapsed),
            CacheWarnings = results.SelectMany(r => r.CacheWarnings).Distinct().ToArray(),
        };
    }

    public void Dispose()
    {
        foreach (var featurizer in _featurizers)
            featurizer.Dispose();
    }
}
