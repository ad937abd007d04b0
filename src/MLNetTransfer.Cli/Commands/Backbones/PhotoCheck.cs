using Microsoft.ML.OnnxRuntime;
using MLNetTransfer.Backbones;
using MLNetTransfer.Onnx;

namespace MLNetTransfer.Cli.Commands.Backbones;

/// <summary>Every normalization candidate scored on the reference photos through the model's 1000-way output.</summary>
internal sealed record PhotoCheck(string Output, ReferencePhotos Photos, IReadOnlyList<NormalizationScore> Scores)
{
    public NormalizationScore? Best => Scores.Count > 0 ? Scores[0] : null;

    /// <summary>The check, or null (with the reason added) when the model has no ImageNet output, there are no photos, or it fails.</summary>
    public static PhotoCheck? TryRun(string onnxPath, OnnxModelInfo model, BackboneSpec spec, ReferencePhotos? photos, List<string> reasons)
    {
        var output = NormalizationCheck.ImageNetOutput(model);
        if (output is null)
        {
            reasons.Add($"No photo check: the model has no float [N,{NormalizationCheck.ImageNetClasses}] output (an ImageNet classifier) to check a normalization against.");
            return null;
        }

        if (photos is null)
        {
            reasons.Add($"No photo check: no reference photos found (looked in {ReferencePhotos.ShippedFolder}).");
            return null;
        }

        try
        {
            var scores = NormalizationCheck.ScoreAll(onnxPath, spec, output.Name, photos, NormalizationCandidate.All(spec.ElementType));
            return new PhotoCheck(output.Name, photos, scores);
        }
        catch (Exception e) when (e is InvalidDataException or OnnxRuntimeException)
        {
            reasons.Add($"No photo check: running output '{output.Name}' failed: {e.Message}");
            return null;
        }
    }
}
