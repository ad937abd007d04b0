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
        // Further views would need every backbone to featurize every view, then a join per view: not supported.
        if (_options.Views > 1)
        {
            throw new ArgumentException($"Views = {_options.Views} cannot be combined with AdditionalBackbones: concatenated backbones " +
                "featurize the plain photo only. Use Views = 1 with AdditionalBackbones.");
        }
        // A feature store holds one backbone's features; a smaller backbone resized into the concatenated input has none there.
        if (_options.Featurizer?.FromStoreOnly == true)
            throw new ArgumentException("A feature store cannot be combined with AdditionalBackbones: it holds the features of one backbone.");
        var resolved = additional.Select((b, i) => ResolveAdditional(b ?? throw new ArgumentException("AdditionalBackbones holds a null entry."),
            i, cancellationToken)).ToList();
        ConcatenatedGraphBuilder.Check([main, .. resolved]);
        return resolved;
    }

    /// <summary>One of <see cref="Options.AdditionalBackbones"/>, through the one resolver, errors naming the entry.</summary>
    private ResolvedBackbone ResolveAdditional(AdditionalBackbone backbone, int index, CancellationToken cancellationToken) =>
        backbone.Resolved ?? BackboneResolver.Resolve(new BackboneRequest
        {
            Path = backbone.BackbonePath,
            Spec = backbone.BackboneSpec,
            CatalogName = backbone.Arch.ToString(),
            Download = _options.Download,
            PathSetting = $"AdditionalBackbones[{index}].BackbonePath",
            CatalogSetting = $"AdditionalBackbones[{index}].Arch",
        }, cancellationToken: cancellationToken);

    /// <summary>Each backbone featurizes the set (its own cache), the rows are joined; skipped images are recorded once.</summary>
    private FeaturizeResult FeaturizeConcatenated(ConcatenatedFeaturizer featurizer, LabeledImageSource source,
        ImageClassificationMetrics.Dataset dataset, List<SkippedImage> skipped, CancellationToken cancellationToken)
    {
        var result = featurizer.Featurize(source.Images, ImageProgress(dataset), cancellationToken);
        RecordSkipped(source.Unlabeled.Concat(result.Skipped), skipped);
        return result;
    }
}
