using Microsoft.ML;
using MLNetTransfer.Featurization;
using MLNetTransfer.Onnx;

namespace MLNetTransfer.Backbones;

/// <summary>
/// Checks a normalization by running it: the backbone's 1000-way ImageNet output, fed reference photos through the
/// very pipeline training uses (decode, centre crop, the spec's preprocessing built into the graph), must rank the
/// photos' class high. A wrong scale or channel order shows as a collapse of the true class's rank.
/// </summary>
internal static class NormalizationCheck
{
    public const int ImageNetClasses = 1000;

    /// <summary>A float [N,1000] graph output (logits or probabilities), or null when the model has none.</summary>
    public static OnnxValueInfo? ImageNetOutput(OnnxModelInfo model) =>
        model.Outputs.FirstOrDefault(o => o.ElementType == OnnxElementType.Float && o is { HasShape: true, Rank: 2 } && o.Dims[1] == ImageNetClasses);

    /// <summary>Scores every spec, best first; <paramref name="spec"/> gives input, layout, type and size.</summary>
    public static IReadOnlyList<NormalizationScore> ScoreAll(string onnxPath, BackboneSpec spec, string classifierOutput,
        ReferencePhotos photos, IEnumerable<NormalizationCandidate> candidates) =>
        candidates.Select(c => Score(onnxPath, c.ApplyTo(spec), c.Label, classifierOutput, photos))
            .Order(NormalizationScore.BestFirst)
            .ToArray();

    /// <summary>Runs the photos through the model fed as <paramref name="spec"/> says and scores the classifier output.</summary>
    public static NormalizationScore Score(string onnxPath, BackboneSpec spec, string label, string classifierOutput, ReferencePhotos photos)
    {
        var asClassifier = spec with { Features = classifierOutput };
        var options = new FeaturizerOptions { UseCache = false };
        using var featurizer = new BottleneckFeaturizer(new MLContext(seed: 1), onnxPath, asClassifier, options);
        var result = featurizer.Featurize(photos.Files.Select((file, i) => ImageInput.FromFile(i, file)));
        if (result.FeatureCount != ImageNetClasses)
            throw new InvalidDataException($"ONNX model '{onnxPath}': output '{classifierOutput}' gives {result.FeatureCount} values per image, not {ImageNetClasses}.");

        int top1 = 0, top5 = 0;
        double probabilitySum = 0, rankSum = 0;
        for (var row = 0; row < result.Count; row++)
        {
            var probabilities = AsProbabilities(result.Row(row));
            var truth = probabilities[photos.ClassIndex];
            var rank = 1 + probabilities.Count(p => p > truth);
            top1 += rank == 1 ? 1 : 0;
            top5 += rank <= 5 ? 1 : 0;
            probabilitySum += truth;
            rankSum += rank;
        }

        var count = Math.Max(1, result.Count);
        return new NormalizationScore(label, spec, result.Count, top1, top5, probabilitySum / count, rankSum / count,
            result.Skipped.Select(s => s.ToString()).ToArray());
    }

    // An output that is already a distribution is kept; logits go through a softmax. Quantized probabilities
    // (multiples of 1/256) need not sum to exactly 1, hence the loose sum.
    private static double[] AsProbabilities(ReadOnlySpan<float> values)
    {
        var isDistribution = true;
        double sum = 0, max = double.MinValue;
        foreach (var v in values)
        {
            isDistribution &= v is >= 0 and <= 1;
            sum += v;
            max = Math.Max(max, v);
        }

        if (isDistribution && Math.Abs(sum - 1) < 0.1)
            return values.ToArray().Select(v => (double)v).ToArray();
        var exps = values.ToArray().Select(v => Math.Exp(v - max)).ToArray();
        var total = exps.Sum();
        return exps.Select(e => e / total).ToArray();
    }
}
