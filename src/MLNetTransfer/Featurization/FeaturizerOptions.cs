namespace MLNetTransfer.Featurization;

/// <summary>How the bottleneck featurizer uses the machine and the disk.</summary>
public sealed record FeaturizerOptions
{
    /// <summary>
    /// Images per ONNX Runtime call. Larger batches use the cores better, up to a point: past 8 images the
    /// activations of a 224x224 MobileNet outgrow the CPU caches and a one-thread run gets slower (docs/benchmarks.md).
    /// </summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>
    /// Images decoded and resized at once; 0 means one per core. Decoders run beside ONNX Runtime and take the
    /// cores whenever it waits for a batch, so one per core keeps every core busy.
    /// </summary>
    public int DecodeThreads { get; init; }

    /// <summary>
    /// ONNX Runtime intra-op threads; 0 means half the cores (at least one): decoding a JPEG and running the
    /// backbone on it cost about the same CPU, so each gets about half the machine.
    /// </summary>
    public int OnnxThreads { get; init; }

    /// <summary>Root folder of the bottleneck cache; null means <see cref="BottleneckCache.DefaultRootDirectory"/>.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>False computes every bottleneck and writes nothing to disk.</summary>
    public bool UseCache { get; init; } = true;

    /// <summary>Images whose decoded size exceeds this many pixels are refused (see ImageDecodeOptions.MaxPixels).</summary>
    public long MaxPixels { get; init; } = Images.ImageDecodeOptions.DefaultMaxPixels;

    internal int EffectiveDecodeThreads => DecodeThreads > 0 ? DecodeThreads : Environment.ProcessorCount;

    internal int EffectiveOnnxThreads => OnnxThreads > 0 ? OnnxThreads : Math.Max(1, Environment.ProcessorCount / 2);
}
