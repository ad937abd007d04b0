using System.Diagnostics;
using MLNetTransfer.Backbones;
using MLNetTransfer.Engines;
using MLNetTransfer.Featurization;
using MLNetTransfer.Preprocessing;

namespace MLNetTransfer.Vision;

/// <summary>Head-only training on an <see cref="IBackboneEngine"/>'s features, and what engine runs share.</summary>
public sealed partial class ImageClassificationTrainer
{
    private void CheckEngineOptions()
    {
        if (_options.UnfrozenBlocks < 0)
            throw new ArgumentOutOfRangeException(nameof(Options.UnfrozenBlocks), _options.UnfrozenBlocks, "UnfrozenBlocks must be 0 (head only) or more.");
        if (_options.UnfrozenBlocks > 0 && _options.Engine is null)
            throw new ArgumentException($"UnfrozenBlocks = {_options.UnfrozenBlocks} fine-tunes the backbone, which needs an Engine " +
                "(e.g. new TorchBackboneEngine(...) from MLNetTransfer.Torch); ONNX Runtime only trains the head.");
    }

    /// <summary>
    /// Decodes and extracts the set's pixels exactly as the ONNX Runtime path does, then has the engine featurize
    /// them. No bottleneck cache: features come from the engine every run. The set's pixels are held in memory.
    /// </summary>
    private FeaturizeResult FeaturizeWithEngine(IBackboneEngine engine, byte[] backbone, BackboneSpec spec, ImagePreprocessing preprocessing,
        LabeledImageSource source, ImageClassificationMetrics.Dataset dataset, List<SkippedImage> skipped, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var pixels = ReadPixels(source, dataset, preprocessing, skipped, cancellationToken);
        float[] features = pixels.Count == 0 ? [] : engine.Featurize(backbone, spec, pixels.Pixels, pixels.Count);
        if (pixels.Count > 0 && features.Length % pixels.Count != 0)
            throw new InvalidOperationException($"Engine {engine.Name} returned {features.Length} features for {pixels.Count} images.");
        return new FeaturizeResult
        {
            FeatureCount = pixels.Count == 0 ? 0 : features.Length / pixels.Count,
            Features = features,
            Indices = pixels.Indices,
            Skipped = pixels.Skipped,
            Computed = pixels.Count,
            FromCache = 0,
            Elapsed = clock.Elapsed,
            CacheWarnings = [],
        };
    }

    /// <summary>All usable pixels of a set; bad and unlabeled images are recorded as skipped, with their reasons.</summary>
    private PixelReadResult ReadPixels(LabeledImageSource source, ImageClassificationMetrics.Dataset dataset, ImagePreprocessing preprocessing,
        List<SkippedImage> skipped, CancellationToken cancellationToken)
    {
        var result = ImagePixelReader.Read(source.Images(), preprocessing, _options.Featurizer, ImageProgress(dataset), cancellationToken);
        RecordSkipped(source.Unlabeled.Concat(result.Skipped), skipped);
        return result;
    }
}
