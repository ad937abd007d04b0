using MLNetTransfer.Backbones;
using MLNetTransfer.Featurization;
using MLNetTransfer.Onnx;

namespace MLNetTransfer.Vision;

/// <summary>Several backbones, features concatenated (<see cref="Options.AdditionalBackbones"/>).</summary>
public sealed partial class ImageClassificationTrainer
{
    /// <summary>The additional backbones, each resolved once; refuses what concatenation cannot be combined with, before any work.</summary>
    private List<ResolvedBackbone> ResolveAdditionalBackbones(ResolvedBackbone main, CancellationToken cancellationToken)
    {
        var additional = _options.AdditionalBackbones ?? [];
        if (additional.Count == 0)
            return [];
        if (_options.Engine is not null)
            throw new ArgumentException("AdditionalBackbones concatenates ONNX Runtime features; it cannot be combined with an Engine.");
        var resolved = additional.Select(b => BackboneResolver.Resolve(b ?? throw new ArgumentException("AdditionalBackbones holds a null entry."),
            _options, cancellationToken)).ToList();
        ConcatenatedGraphBuilder.Check([main, .. resolved]);
        return resolved;
    }

    /// <summary>Each backbone featurizes the set (its own cache), the rows are joined; skipped images are recorded once.</summary>
    private FeaturizeResult FeaturizeConcatenated(ConcatenatedFeaturizer featurizer, LabeledImageSource source,
        ImageClassificationMetrics.Dataset dataset, List<SkippedImage> skipped, CancellationToken cancellationToken)
    {
        var result = featurizer.Featurize(source.Images, ImageProgress(dataset), cancellationToken);
        RecordSkipped(source.Unlabeled.Concat(result.Skipped), skipped);
        return result;
    }
}
