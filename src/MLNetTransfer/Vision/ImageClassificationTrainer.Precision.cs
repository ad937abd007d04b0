using MLNetTransfer.Backbones;
using MLNetTransfer.Featurization;
using MLNetTransfer.Quantization;
using MLNetTransfer.Training;

namespace MLNetTransfer.Vision;

public sealed partial class ImageClassificationTrainer
{
    /// <summary>With <see cref="BackbonePrecision.Int8"/>, the int8 backbone (quantized once, then cached) in place of the float one.</summary>
    private QuantizedBackbone? ApplyPrecision(LabeledImageSource trainSource, ResolvedBackbone floatBackbone, CancellationToken cancellationToken)
    {
        if (_options.Precision == BackbonePrecision.Float32)
            return null;
        if (_options.Engine is not null)
            throw new ArgumentException("Precision = Int8 quantizes the backbone for ONNX Runtime; it cannot be combined with an Engine.");
        var cacheDirectory = _options.Download?.CacheDirectory ?? BackboneCache.DefaultDirectory;
        return QuantizedBackbones.Resolve(_mlContext, floatBackbone, trainSource.Images, cacheDirectory, _options.Quantization, cancellationToken);
    }

    /// <summary>
    /// The head's accuracy on the validation images featurized by the float backbone(s) next to its accuracy on the int8
    /// features it was trained with. Featurizing the validation set once more is the whole cost (its bottlenecks are cached).
    /// With concatenated backbones, <paramref name="floatBackbones"/> are all of them, main first, and
    /// <paramref name="additionalQuantized"/> says whether any additional one was quantized.
    /// </summary>
    private PrecisionReport ComparePrecision(QuantizedBackbone int8, bool additionalQuantized, IReadOnlyList<ResolvedBackbone> floatBackbones, LinearHead head,
        float[]? int8Features, int[]? labels, LabeledImageSource? source, int[]? sourceRows, CancellationToken cancellationToken)
    {
        var floatPath = floatBackbones[0].Path;
        var report = new PrecisionReport
        {
            Precision = _options.Precision,
            Note = int8.Note,
            BackbonePath = int8.Path,
            Float32BackbonePath = floatPath,
        };
        if (!(int8.Quantized || additionalQuantized) || int8Features is null || labels is not { Length: > 0 } || source is null || sourceRows is null)
            return report;

        var rowOf = sourceRows.Select((sourceIndex, row) => (sourceIndex, row)).ToDictionary(p => p.sourceIndex, p => p.row);
        var images = source.Images().Where(i => rowOf.ContainsKey(i.Index)).Select(i => i with { Index = rowOf[i.Index] });
        FeaturizeResult floats;
        if (floatBackbones.Count == 1)
        {
            using var featurizer = new BottleneckFeaturizer(_mlContext, floatBackbones[0], FeaturizerOptions());
            floats = featurizer.Featurize(images, cancellationToken: cancellationToken);
        }
        else
        {
            using var featurizer = new ConcatenatedFeaturizer(_mlContext, floatBackbones, FeaturizerOptions());
            floats = featurizer.Featurize(() => images, cancellationToken: cancellationToken);
        }
        int floatCorrect = 0, int8Correct = 0;
        for (var i = 0; i < floats.Count; i++)
        {
            var row = floats.Indices[i];
            if (head.Predict(floats.Row(i)) == labels[row]) floatCorrect++;
            if (head.Predict(int8Features.AsSpan(row * head.FeatureCount, head.FeatureCount)) == labels[row]) int8Correct++;
        }

        if (floats.Count == 0)
            return report;
        var (floatAccuracy, int8Accuracy) = ((double)floatCorrect / floats.Count, (double)int8Correct / floats.Count);
        var loss = floatAccuracy - int8Accuracy;
        return report with
        {
            ComparedImages = floats.Count,
            Float32Accuracy = floatAccuracy,
            Int8Accuracy = int8Accuracy,
            Warning = loss > _options.Int8AccuracyTolerance
                ? $"Int8 costs {loss * 100:F1} accuracy points on the validation images ({int8Accuracy:P1} against {floatAccuracy:P1} with the float " +
                  $"backbone), more than the {_options.Int8AccuracyTolerance * 100:F1} allowed: train with float32 precision (the float backbone '{floatPath}')."
                : null,
        };
    }
}
