using System.Globalization;
using MLNetTransfer.Cli.Commands.Shared;
using MLNetTransfer.Evaluation;
using MLNetTransfer.Reporting;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>
/// Writes report.html: curves, class counts, label-noise candidates, confusion heat map, confused pairs, per-class bars
/// and every mistake, the first ones with occlusion maps drawn by the saved model.onnx.
/// </summary>
public static class ReportStep
{
    public const string FileName = "report.html";

    public static TrainingReportData Write(string outputFolder, string title, ImageClassificationModel model,
        EvaluationResult? validation, IReadOnlyList<SkippedFile> skipped, IReadOnlyDictionary<string, object?> settings,
        IReadOnlyDictionary<string, double> timings)
    {
        using var explainer = OpenExplainer(Path.Combine(outputFolder, ModelFiles.ModelOnnx));
        var data = TrainingReportData.From(model, validation, title) with
        {
            // The saved model's scores, not the trainer's, so the report says what 'evaluate' would.
            Validation = validation,
            Skipped = skipped.Select(s => new Featurization.SkippedImage(s.File, s.Reason)).ToArray(),
            Settings = settings.ToDictionary(p => p.Key, p => p.Value is bool flag ? (flag ? "yes" : "no") : Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? ""),
            TimingsSeconds = timings,
            Explainer = explainer,
        };
        HtmlReport.Write(Path.Combine(outputFolder, FileName), data);
        return data;
    }

    /// <summary>The occlusion explainer on an exported classifier, or null (no maps) when the file is missing or not usable.</summary>
    public static OcclusionExplainer? OpenExplainer(string classifierOnnx)
    {
        if (!File.Exists(classifierOnnx))
            return null;
        try
        {
            return OcclusionExplainer.Load(classifierOnnx);
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
        {
            return null;
        }
    }
}
