namespace MLNetTransfer.Featurization;

/// <summary>How the bottleneck featurizer uses the machine and the disk.</summary>
public sealed record FeaturizerOptions
{
    /// <summary>Images per ONNX Runtime call. Larger batches use the cores better, up to a point.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Images decoded and resized at once; 0 means one per core.</summary>
    public int DecodeThreads { get; init; }

    /// <summary>ONNX Runtime intra-op threads; 0 means one per core.</summary>
    public int OnnxThreads { get; init; }

    /// <summary>Root folder of the bottleneck cache; null means <see cref="BottleneckCache.DefaultRootDirectory"/>.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>False computes every bottleneck and writes nothing to disk.</summary>
    public bool UseCache { get; init; } = true;

    /// <summary>Images whose decoded size exceeds this many pixels are refused (see ImageDecodeOptions.MaxPixels).</summary>
    public long MaxPixels { get; init; } = Images.ImageDecodeOptions.DefaultMaxPixels;

    internal int EffectiveDecodeThreads => DecodeThreads > 0 ? DecodeThreads : Environment.ProcessorCount;

    internal int EffectiveOnnxThreads => OnnxThreads > 0 ? OnnxThreads : Environment.ProcessorCount;
}
