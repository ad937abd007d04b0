using System.Globalization;
using MLNetTransfer.Cli.Commands.Shared;
using MLNetTransfer.Evaluation;
using MLNetTransfer.Reporting;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>
/// Writes report.html: curves, class counts, label-noise candidates, confusion heat map, confused pairs, per-class bars
/// and every mistake, the first ones with occlusion maps drawn by the trained classifier graph (the one model.onnx holds).
/// </summary>
public static class ReportStep
{
    public const string FileName = "report.html";

    /// <summary>
    /// Opens the report's explainer on the trained classifier in memory and, when the validation results are already
    /// known, draws the maps of the mistakes the report will show on another thread while the caller saves the model.
    /// The task's explainer goes to <see cref="Write"/>, which disposes it.
    /// </summary>
    public static Task<OcclusionExplainer?> StartExplaining(ImageClassificationModel model, EvaluationResult? validation,
        CancellationToken cancellationToken)
    {
        OcclusionExplainer explainer;
        try
        {
            // On this thread: only ONNX Runtime and the decoder run beside the caller's ML.NET work (ML.NET's model
            // loading is not safe beside another thread building ML.NET components).
            explainer = OcclusionExplainer.ForReport(model);
        }
        catch (InvalidDataException)
        {
            // A resize the ONNX Runtime path does not reproduce: the report goes without maps.
            return Task.FromResult<OcclusionExplainer?>(null);
        }
        if (validation is null)
            return Task.FromResult<OcclusionExplainer?>(explainer);
        return Task.Run(() =>
        {
            explainer.Prefetch(MistakeGallery.ToExplain(validation, TrainingReportData.DefaultExplainedMistakes), cancellationToken);
            return (OcclusionExplainer?)explainer;
        }, CancellationToken.None);
    }

    public static TrainingReportData Write(string outputFolder, string title, ImageClassificationModel model,
        EvaluationResult? validation, IReadOnlyList<SkippedFile> skipped, IReadOnlyDictionary<string, object?> settings,
        IReadOnlyDictionary<string, double> timings, Task<OcclusionExplainer?>? explaining = null)
    {
        using var explainer = explaining is null ? OpenExplainer(Path.Combine(outputFolder, ModelFiles.ModelOnnx)) : explaining.GetAwaiter().GetResult();
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
            return OcclusionExplainer.Load(classifierOnnx, OcclusionOptions.Thumbnail);
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
        {
            return null;
        }
    }
}
