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

    /// <summary>A report begun while the model is saved: its pictures (which any thread may help draw) and the page.</summary>
    internal sealed record Started(ReportImages Images, Task<ReportDraft> Page);

    /// <summary>
    /// When the validation results are already known (rows the trainer held out), starts the report while the caller
    /// saves the model: the occlusion maps of the mistakes it shows and the thumbnails are drawn on another thread (the
    /// caller's joins when its save is done), then every section but the timings, which <see cref="Write"/> adds. Null
    /// when the results come later (a validation folder is scored by the saved model); <see cref="Write"/> then draws all.
    /// </summary>
    internal static Started? Start(string title, ImageClassificationModel model, EvaluationResult? validation,
        IReadOnlyList<SkippedFile> skipped, IReadOnlyDictionary<string, object?> settings, CancellationToken cancellationToken)
    {
        if (validation is null)
            return null;
        // Opened on this thread: only ONNX Runtime, the decoder and the report run beside the caller's ML.NET work
        // (the explainer's preprocessing builds ML.NET components, which is not safe beside another thread doing so).
        var explainer = ForReport(model, oneThreadPerMap: true);
        var images = ReportImages.For(Data(title, model, validation, skipped, settings, new Dictionary<string, double>(), explainer));
        var page = Task.Run(() =>
        {
            using (explainer)
                return images.DrawAndRender(cancellationToken);
        }, CancellationToken.None);
        return new Started(images, page);
    }

    /// <summary>Writes report.html: the one begun by <see cref="Start"/> (helping draw what is left) with its timings, or the whole page now.</summary>
    internal static void Write(string outputFolder, string title, ImageClassificationModel model,
        EvaluationResult? validation, IReadOnlyList<SkippedFile> skipped, IReadOnlyDictionary<string, object?> settings,
        IReadOnlyDictionary<string, double> timings, Started? started, CancellationToken cancellationToken)
    {
        var path = Path.Combine(outputFolder, FileName);
        if (started is not null)
        {
            started.Images.Draw(cancellationToken);
            AtomicFile.WriteAllText(path, started.Page.GetAwaiter().GetResult().Complete(timings));
            return;
        }
        using var explainer = ForReport(model);
        HtmlReport.Write(path, Data(title, model, validation, skipped, settings, timings, explainer));
    }

    private static TrainingReportData Data(string title, ImageClassificationModel model, EvaluationResult? validation,
        IReadOnlyList<SkippedFile> skipped, IReadOnlyDictionary<string, object?> settings, IReadOnlyDictionary<string, double> timings,
        OcclusionExplainer? explainer) => TrainingReportData.From(model, validation, title) with
    {
        // The saved model's scores, not the trainer's, so the report says what 'evaluate' would.
        Validation = validation,
        Skipped = skipped.Select(s => new Featurization.SkippedImage(s.File, s.Reason)).ToArray(),
        Settings = settings.ToDictionary(p => p.Key, p => p.Value is bool flag ? (flag ? "yes" : "no") : Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? ""),
        TimingsSeconds = timings,
        Explainer = explainer,
    };

    /// <summary>The explainer on the trained classifier in memory, or null (no maps) for a resize the ONNX Runtime path does not reproduce.</summary>
    private static OcclusionExplainer? ForReport(ImageClassificationModel model, bool oneThreadPerMap = false)
    {
        try
        {
            return OcclusionExplainer.ForReport(model, oneThreadPerMap);
        }
        catch (InvalidDataException)
        {
            return null;
        }
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
