using MLNetTransfer.Runtime;

namespace MLNetTransfer.Featurization;

/// <summary>How the bottleneck featurizer uses the machine and the disk.</summary>
public sealed record FeaturizerOptions
{
    /// <summary>
    /// Images per ONNX Runtime call. With one Run per core going on at once, small batches keep each Run's
    /// activations in the CPU caches: on a 224x224 MobileNet, 1 image per Run beats 2, 4 and more (docs/benchmarks.md).
    /// </summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>
    /// Images decoded and resized at once; 0 means one per core. Decoders run beside ONNX Runtime and take the
    /// cores whenever it waits for a batch.
    /// </summary>
    public int DecodeThreads { get; init; }

    /// <summary>
    /// ONNX Runtime threads; 0 means one per core. Each runs its own batches through the shared session on one
    /// intra-op thread, which uses the cores better than splitting each batch's convolutions across them, and
    /// none spins while idle, so the cores go to the decoders whenever ONNX Runtime waits for images.
    /// </summary>
    public int OnnxThreads { get; init; }

    /// <summary>
    /// Where ONNX Runtime runs the backbone: <see cref="ExecutionDevice.Cpu"/> (default) or a CUDA device, which needs
    /// the GPU build of ONNX Runtime (docs/gpu.md) and fails clearly without it. On a GPU, raise <see cref="BatchSize"/>
    /// (e.g. 32) and keep <see cref="OnnxThreads"/> small: each thread's Run is one batch on the device.
    /// </summary>
    public ExecutionDevice Device { get; init; } = ExecutionDevice.Cpu;

    /// <summary>Root folder of the bottleneck cache; null means <see cref="BottleneckCache.DefaultRootDirectory"/>.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>False computes every bottleneck and writes nothing to disk.</summary>
    public bool UseCache { get; init; } = true;

    /// <summary>Images whose decoded size exceeds this many pixels are refused (see ImageDecodeOptions.MaxPixels).</summary>
    public long MaxPixels { get; init; } = Images.ImageDecodeOptions.DefaultMaxPixels;

    /// <summary>
    /// Image files larger than this many bytes are skipped without being read; the size is checked before reading
    /// (see <see cref="Images.ImageFileReader.DefaultMaxBytes"/> for why 256 MB).
    /// </summary>
    public long MaxImageBytes { get; init; } = Images.ImageFileReader.DefaultMaxBytes;

    /// <summary>
    /// Features come only from the cache folder (a feature store): images it lacks are not computed but reported, and
    /// the featurize call fails naming them. Bad images are still told apart (decoded) and skipped with their reason.
    /// </summary>
    internal bool FromStoreOnly { get; init; }

    internal int EffectiveDecodeThreads => DecodeThreads > 0 ? DecodeThreads : Environment.ProcessorCount;

    internal int EffectiveOnnxThreads => OnnxThreads > 0 ? OnnxThreads : Environment.ProcessorCount;
}
