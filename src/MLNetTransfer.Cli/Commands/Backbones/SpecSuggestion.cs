using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using MLNetTransfer.Backbones;
using MLNetTransfer.Featurization;
using MLNetTransfer.Onnx;

namespace MLNetTransfer.Cli.Commands.Backbones;

/// <summary>
/// A spec for an ONNX file, each field with where it comes from: read from the declared input, from the graph's own
/// leading scaling, checked by running the model's ImageNet classifier on reference photos, or guessed.
/// </summary>
internal sealed record SpecSuggestion(BackboneSpec Spec, IReadOnlyList<string> Reasons, IReadOnlyList<string> Verified,
    IReadOnlyList<string> Guesses, PhotoCheck? Check)
{
    private const float UnitScale = 1f / 255f;

    public static SpecSuggestion From(string onnxPath, OnnxModelInfo model, ReferencePhotos? photos)
    {
        var name = Path.GetFileNameWithoutExtension(onnxPath);
        var reasons = new List<string>();
        var guesses = new List<string>();
        var input = model.Inputs.FirstOrDefault(i => i.Rank == 4) ?? model.Inputs.FirstOrDefault();
        if (input is null)
            return new SpecSuggestion(new BackboneSpec { Name = name }, ["The model declares no input; write the spec by hand."], [], ["every field"], null);

        var (layout, height, width) = Layout(input, reasons, guesses);
        var elementType = input.ElementType == OnnxElementType.UInt8 ? InputElementType.UInt8 : InputElementType.Float32;
        if (input.ElementType is not (OnnxElementType.UInt8 or OnnxElementType.Float))
            reasons.Add($"Input element type {input.ElementType.ToString().ToLowerInvariant()} is not supported; only float32 and uint8 are.");
        var spec = new BackboneSpec
        {
            Name = name,
            Input = input.Name,
            Layout = layout,
            ElementType = elementType,
            Height = height,
            Width = width,
            ChannelOrder = ChannelOrder.RGB,
            Features = FeaturesSearch.Find(model, onnxPath, reasons) ?? "",
        };
        if (spec.Features.Length == 0)
            guesses.Add("features");

        var bytes = File.ReadAllBytes(onnxPath);
        var (normalized, fromGraph) = Normalization(spec, InGraph(bytes, spec, onnxPath, reasons), reasons);
        spec = normalized;

        var verified = new List<string>();
        var check = PhotoCheck.TryRun(onnxPath, model, spec, photos, reasons);
        spec = ApplyCheck(spec, check, fromGraph, reasons, verified, guesses);
        FeaturesRun(onnxPath, spec, reasons, guesses, verified);
        return new SpecSuggestion(spec, reasons, verified, guesses, check);
    }

    /// <summary>The check's winner when it is convincing (verified fields); otherwise the spec as it was, with its guesses named.</summary>
    private static BackboneSpec ApplyCheck(BackboneSpec spec, PhotoCheck? check, string? fromGraph, List<string> reasons,
        List<string> verified, List<string> guesses)
    {
        if (check?.Best is not { IsConvincing: true } best)
        {
            if (check is not null)
                reasons.Add($"Photo check: no normalization put class {check.Photos.ClassIndex} '{check.Photos.ClassName}' in the top 5 for half " +
                    $"the photos (best: '{check.Best?.Label}', {check.Best?.Summary}); output '{check.Output}' may not be ImageNet's classes in the usual order.");
            if (fromGraph is null && spec.ElementType == InputElementType.Float32)
                guesses.AddRange(["scale", "mean", "std"]);
            guesses.Add("channelOrder");
            return spec;
        }

        var agrees = best.Spec.Scale == spec.Scale && best.Spec.Mean.SequenceEqual(spec.Mean) && best.Spec.Std.SequenceEqual(spec.Std);
        reasons.Add($"Photo check: '{best.Label}' scores best ({best.Summary})" +
            (fromGraph is null ? "." : agrees ? ", which agrees with the graph's own scaling." : $", not what the graph's own scaling suggested ({fromGraph}); the photos decide."));
        // The same normalization in the other channel order: photos of one class may barely tell the orders apart.
        var swapped = check.Scores.FirstOrDefault(s => s.Spec.ChannelOrder != best.Spec.ChannelOrder && s.Spec.Scale == best.Spec.Scale
            && s.Spec.Mean.SequenceEqual(best.Spec.Mean.Reverse()) && s.Spec.Std.SequenceEqual(best.Spec.Std.Reverse()));
        if (swapped is not null && swapped.Top5 == best.Top5 && swapped.MeanProbability >= best.MeanProbability * 0.95)
            reasons.Add($"The other channel order scores almost as well ('{swapped.Label}', mean p {swapped.MeanProbability:0.000} against " +
                $"{best.MeanProbability:0.000}): these photos confirm the channel order only weakly.");
        verified.AddRange(["scale", "mean", "std", "channelOrder"]);
        return spec with { ChannelOrder = best.Spec.ChannelOrder, Scale = best.Spec.Scale, Mean = best.Spec.Mean, Std = best.Spec.Std };
    }

    private static InGraphNormalization? InGraph(byte[] bytes, BackboneSpec spec, string onnxPath, List<string> reasons)
    {
        var found = InGraphNormalization.Find(bytes, spec.Input, spec.Layout, onnxPath);
        if (found is not null)
            reasons.Add($"The graph scales its input itself: {string.Join(", then ", found.Steps)}, i.e. {found.Describe()}.");
        return found;
    }

    /// <summary>The normalization to start from, and in words what the graph's own scaling says when it says anything.</summary>
    private static (BackboneSpec Spec, string? FromGraph) Normalization(BackboneSpec spec, InGraphNormalization? inGraph, List<string> reasons)
    {
        if (spec.ElementType == InputElementType.UInt8)
        {
            reasons.Add("uint8 input: the graph takes raw 0..255 pixels, so scale 1, mean 0, std 1.");
            return (spec, inGraph is null ? null : "raw 0..255");
        }

        if (inGraph?.ExpectedFedScale() is { } fedScale)
        {
            var raw = fedScale == 1f;
            var range = raw ? "raw 0..255" : "0..1";
            reasons.Add($"That map turns {range} pixels into a normalized range, so the spec feeds {range}: scale {(raw ? "1" : "1/255")}, mean 0, std 1 " +
                "(scaling again would double it).");
            return (spec with { Scale = fedScale, Mean = [0f, 0f, 0f], Std = [1f, 1f, 1f] }, range);
        }

        if (inGraph is not null)
            reasons.Add("That map does not turn 0..255 or 0..1 pixels into a usual normalized range; the normalization below is a guess.");
        if (spec.Height == 299)
        {
            reasons.Add("299x299 float input is usually an Inception network, which takes pixels scaled to -1..1 (a guess).");
            return (spec with { Scale = 1f / 127.5f, Mean = [1f, 1f, 1f], Std = [1f, 1f, 1f] }, null);
        }

        reasons.Add("Float input: ImageNet mean/std on 0..1 pixels assumed (the common PyTorch/ONNX-zoo choice; a guess).");
        return (spec with { Scale = UnitScale, Mean = [0.485f, 0.456f, 0.406f], Std = [0.229f, 0.224f, 0.225f] }, null);
    }

    private static (TensorLayout, int, int) Layout(OnnxValueInfo input, List<string> reasons, List<string> guesses)
    {
        if (input.Rank != 4)
        {
            reasons.Add($"Input '{input.Name}' has shape {input.DescribeShape()}, not 4-D; layout and size are guesses.");
            guesses.AddRange(["layout", "height", "width"]);
            return (TensorLayout.NCHW, 224, 224);
        }

        var d = input.Dims;
        var nhwc = d[3] == 3 && d[1] != 3;
        var layout = nhwc ? TensorLayout.NHWC : TensorLayout.NCHW;
        if (d[1] == 3 || d[3] == 3)
        {
            reasons.Add($"Layout {layout}: input shape {input.DescribeShape()} has its 3 colour channels at axis {(nhwc ? 3 : 1)}.");
        }
        else
        {
            reasons.Add($"Layout NCHW assumed: input shape {input.DescribeShape()} shows no axis of 3 channels.");
            guesses.Add("layout");
        }

        long h = nhwc ? d[1] : d[2], w = nhwc ? d[2] : d[3];
        if (h <= 0 || w <= 0)
        {
            reasons.Add("Height and width are symbolic in the model; 224 assumed.");
            guesses.AddRange(["height", "width"]);
            return (layout, h > 0 ? (int)h : 224, w > 0 ? (int)w : 224);
        }

        return (layout, (int)h, (int)w);
    }

    // Building and running the feature extractor is what training does first: if it works here, 'features' does.
    private static void FeaturesRun(string onnxPath, BackboneSpec spec, List<string> reasons, List<string> guesses, List<string> verified)
    {
        if (spec.Features.Length == 0)
            return;
        try
        {
            using var featurizer = new BottleneckFeaturizer(new MLContext(seed: 1), onnxPath, spec, new FeaturizerOptions { UseCache = false });
            reasons.Add($"features '{spec.Features}' builds and runs: {featurizer.FeatureCount} values per image.");
            verified.Add("features");
        }
        catch (Exception e) when (e is InvalidDataException or OnnxRuntimeException)
        {
            reasons.Add($"features '{spec.Features}' does not run: {e.Message}");
            guesses.Add("features");
        }
    }
}
