using Microsoft.ML;
using Microsoft.ML.OnnxRuntime;
using MLNetTransfer.Backbones;
using MLNetTransfer.Cli.App;
using MLNetTransfer.Cli.Output;
using MLNetTransfer.Featurization;
using MLNetTransfer.Onnx;

namespace MLNetTransfer.Cli.Commands.Backbones;

/// <summary>
/// <c>backbones info FILE.onnx</c>: the model's inputs and outputs, the spec beside it (checked), and a suggested
/// spec that says which fields were verified by running the model and which are guesses.
/// </summary>
internal static class BackboneInfo
{
    public static int Run(Ui ui, string file, string? photosFolder)
    {
        var full = Path.GetFullPath(file);
        if (!File.Exists(full))
            throw new BadInputException($"ONNX file '{full}' does not exist.");
        var photos = LoadPhotos(photosFolder);
        var model = OnnxModelInfo.Read(full);
        ui.Line($"{full}: opset {model.OpsetVersion}, {model.NodeCount} nodes{(model.IsQuantized ? ", quantized" : "")}");
        var table = ui.NewTable("", "name", "element type", "shape");
        foreach (var i in model.Inputs)
            table.AddPlainRow("input", i.Name, i.ElementType.ToString().ToLowerInvariant(), i.DescribeShape());
        foreach (var o in model.Outputs)
            table.AddPlainRow("output", o.Name, o.ElementType.ToString().ToLowerInvariant(), o.DescribeShape());
        ui.Render(table);

        var suggestion = SpecSuggestion.From(full, model, photos);
        var sidecar = ReportSidecar(ui, full, model, suggestion.Check);
        if (suggestion.Check is { } check)
            RenderCheck(ui, check);

        var sidecarPath = BackboneSpec.SidecarPathFor(full);
        if (sidecar is null)
            ui.Line($"Suggested spec (save as {sidecarPath}{(suggestion.Guesses.Count > 0 ? " after checking the guesses below" : "")}):");
        else
            ui.Line($"Suggested spec ({Comparison(sidecar, suggestion.Spec)}):");
        ui.Line(suggestion.Spec.ToJson());
        ui.Line("Why:");
        foreach (var reason in suggestion.Reasons)
            ui.Line($"  - {reason}");
        if (suggestion.Verified.Count > 0)
            ui.Line($"Verified by running the model: {string.Join(", ", suggestion.Verified)}.");
        ui.Line(suggestion.Guesses.Count > 0
            ? $"Guesses (not verified; check them): {string.Join(", ", suggestion.Guesses.Distinct())}."
            : "Guesses: none.");
        return ExitCodes.Success;
    }

    private static ReferencePhotos? LoadPhotos(string? folder)
    {
        try
        {
            if (folder is null)
                return ReferencePhotos.TryLoad(ReferencePhotos.ShippedFolder);
            var full = Path.GetFullPath(folder);
            if (!Directory.Exists(full))
                throw new BadInputException($"Reference photo folder '{full}' does not exist.");
            return ReferencePhotos.Load(full);
        }
        catch (InvalidDataException e)
        {
            throw new BadInputException(e.Message, e);
        }
    }

    /// <summary>Shows and checks the spec beside the model; null when there is none or it cannot be read.</summary>
    private static BackboneSpec? ReportSidecar(Ui ui, string onnxPath, OnnxModelInfo model, PhotoCheck? check)
    {
        var path = BackboneSpec.SidecarPathFor(onnxPath);
        if (!File.Exists(path))
        {
            ui.Line($"No spec beside the model ({path} does not exist).");
            return null;
        }

        ui.Line($"Spec beside the model: {path}");
        ui.Line(File.ReadAllText(path).TrimEnd());
        BackboneSpec spec;
        try
        {
            spec = BackboneSpec.Load(path);
            BackboneModelValidator.Validate(model, spec, onnxPath);
            using var featurizer = new BottleneckFeaturizer(new MLContext(seed: 1), onnxPath, spec, new FeaturizerOptions { UseCache = false });
            ui.Line($"  valid: it fits the model, and features '{spec.Features}' gives {featurizer.FeatureCount} values per image.");
        }
        catch (Exception e) when (e is InvalidDataException or OnnxRuntimeException)
        {
            ui.Line($"  NOT VALID: {e.Message}");
            return null;
        }

        if (check?.Best is { } best)
            ui.Line($"  photo check: {SidecarScore(onnxPath, spec, check, best)}");
        return spec;
    }

    private static string SidecarScore(string onnxPath, BackboneSpec spec, PhotoCheck check, NormalizationScore best)
    {
        try
        {
            var score = NormalizationCheck.Score(onnxPath, spec, "the spec beside the model", check.Output, check.Photos);
            return score.Top5 >= best.Top5 && score.MeanProbability >= best.MeanProbability * 0.98
                ? $"{score.Summary}; as good as the best candidate."
                : $"{score.Summary}; WORSE than the best candidate '{best.Label}' ({best.Summary}): check its scale, mean, std and channelOrder.";
        }
        catch (Exception e) when (e is InvalidDataException or OnnxRuntimeException)
        {
            return $"cannot run: {e.Message}";
        }
    }

    private static void RenderCheck(Ui ui, PhotoCheck check)
    {
        ui.Line($"Photo check: {check.Photos} ({check.Photos.Folder}) through output '{check.Output}', each normalization fed as training feeds it:");
        var table = ui.NewTable("normalization", "top-1", "top-5", "mean p", "mean rank");
        foreach (var s in check.Scores)
            table.AddPlainRow(s.Label, $"{s.Top1}/{s.Photos}", $"{s.Top5}/{s.Photos}", s.MeanProbability.ToString("0.000"), s.MeanRank.ToString("0.#"));
        ui.Render(table);
        foreach (var skipped in check.Scores.SelectMany(s => s.Skipped).Distinct())
            ui.Warn($"reference photo skipped: {skipped}");
    }

    private static string Comparison(BackboneSpec sidecar, BackboneSpec suggested)
    {
        var differs = new List<string>();
        void Compare(string field, bool same)
        {
            if (!same)
                differs.Add(field);
        }

        Compare("input", sidecar.Input == suggested.Input);
        Compare("layout", sidecar.Layout == suggested.Layout);
        Compare("elementType", sidecar.ElementType == suggested.ElementType);
        Compare("height/width", sidecar.Height == suggested.Height && sidecar.Width == suggested.Width);
        Compare("channelOrder", sidecar.ChannelOrder == suggested.ChannelOrder);
        Compare("scale", sidecar.Scale == suggested.Scale);
        Compare("mean", sidecar.Mean.SequenceEqual(suggested.Mean));
        Compare("std", sidecar.Std.SequenceEqual(suggested.Std));
        Compare("features", sidecar.Features == suggested.Features);
        return differs.Count == 0
            ? "the same as the spec beside the model"
            : $"differs from the spec beside the model in {string.Join(", ", differs)}";
    }
}
