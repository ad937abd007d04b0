using System.Text;
using MLNetTransfer.Evaluation;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Reporting;

/// <summary>
/// Renders a training run as one self-contained HTML page: inline CSS, SVG charts drawn here, thumbnails as data
/// URIs, no external resource of any kind and no script needed to read it. Every user-provided string is HTML-escaped.
/// </summary>
public static class HtmlReport
{
    public static string Render(TrainingReportData data) => Draft(data).Complete(data.TimingsSeconds);

    /// <summary>
    /// The whole page but its timings section, which <see cref="ReportDraft.Complete"/> adds: the slow parts (thumbnails,
    /// occlusion maps) can then be drawn while the run is still writing the files whose time the page reports.
    /// </summary>
    internal static ReportDraft Draft(TrainingReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var validation = data.Validation;
        var overfitting = OverfittingCheck.Diagnose(data.History);
        var html = new StringBuilder(256 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append($"<title>{Html.Escape(data.Title)}</title><style>{ReportStyle.Css}</style></head>\n")
            .Append("<body><main>\n");

        html.Append($"<header><h1>{Html.Escape(data.Title)}</h1>")
            .Append($"<p class=\"created\">Created {Html.Escape(data.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'zzz", System.Globalization.CultureInfo.InvariantCulture))}")
            .Append($" · {Html.Number(data.Classes.Count, "0")} classes</p>")
            .Append(HeadlineMetrics.Render(validation, data.History, data.BestEpoch));
        if (overfitting is not null)
            html.Append(OverfittingCallout(overfitting, data.BestEpoch, data.History));
        html.Append("</header>\n");

        if (WarningsSection.Render(data.Warnings, data.Notes) is { } warnings)
            Section(html, WarningsSection.Id, WarningsSection.Heading, warnings);

        if (data.History.Count > 0)
            Section(html, "curves", "Training curves", TrainingCurves.Render(data.History, data.BestEpoch));
        if (data.TrainClassCounts is { } counts)
            Section(html, "class-counts", "Training set", ReportTables.ClassCounts(data.Classes, counts));
        if (data.LabelNoise is { } noise)
        {
            Section(html, "label-noise", "Possible label noise (training set, out-of-fold)",
                LabelNoiseSection.Render(data.Classes, noise, data.TrainClassCounts?.Sum() ?? 0, data.ModelInputSize, data.Images));
        }
        if (validation is null)
        {
            Section(html, "no-validation", "Validation",
                "<p class=\"note\">No validation set was given, so there are no validation metrics, confusion matrix, per-class table or mistakes to show.</p>");
        }
        else
        {
            Section(html, "confusion", "Confusion matrix (validation)",
                "<p class=\"note\">Rows are true classes, columns predicted ones; shading is the share of the row, numbers are counts.</p>" +
                $"<div class=\"heatmap-wrap\">{ConfusionHeatMap.Render(validation.Classes, validation.ConfusionMatrix)}</div>");
            Section(html, "confused-pairs", "Most confused pairs (validation)", ConfusedPairs.Render(validation.Classes, validation.ConfusionMatrix));
            Section(html, "per-class", "Per-class metrics (validation)", ReportTables.PerClass(validation.PerClass));
            var mistakes = MistakeGallery.MistakesOf(validation);
            Section(html, "mistakes", $"Mistakes (validation, {Html.Number(mistakes.Count, "0")}, most confident first)",
                MistakeGallery.Render(validation.Classes, mistakes, data.ModelInputSize, data.Explainer, data.ExplainedMistakes, data.Images));
        }
        Section(html, "skipped", "Skipped files", ReportTables.Skipped(data.Skipped));
        Section(html, "settings", "Settings", ReportTables.Settings(data.Settings));
        return new ReportDraft(html.ToString(), $"</main><script>{ReportStyle.Script}</script></body></html>\n");
    }

    /// <summary>The timings section, the last one on the page.</summary>
    internal static string TimingsSection(IReadOnlyDictionary<string, double> timings)
    {
        var html = new StringBuilder();
        Section(html, "timings", "Timings", ReportTables.Timings(timings));
        return html.ToString();
    }

    /// <summary>Writes the page so that a reader never sees half of it.</summary>
    public static void Write(string path, TrainingReportData data) => AtomicFile.WriteAllText(path, Render(data));

    /// <summary>
    /// Writes the report of a model just trained (see <see cref="TrainingReportData.From"/>), with occlusion maps of its
    /// first mistakes drawn by its own classifier graph.
    /// </summary>
    public static void Write(string path, ImageClassificationModel model, EvaluationResult? evaluation = null, string? title = null)
    {
        using var explainer = TryExplainer(model);
        Write(path, TrainingReportData.From(model, evaluation, title) with { Explainer = explainer });
    }

    /// <summary>
    /// The model's own explainer, or null for a classifier whose resize the ONNX Runtime path does not reproduce
    /// (input sizes without a centre-crop contract): the report is then written without occlusion maps.
    /// </summary>
    private static OcclusionExplainer? TryExplainer(ImageClassificationModel model)
    {
        try
        {
            return OcclusionExplainer.ForReport(model);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static string OverfittingCallout(OverfittingDiagnosis diagnosis, int? bestEpoch, IReadOnlyList<Training.EpochRecord> history)
    {
        var html = new StringBuilder($"<div class=\"callout warning\" id=\"overfitting\"><p><b>{Html.Escape(diagnosis.Summary)}</b> ")
            .Append("The head is memorising the training images");
        // Early stopping may already have kept an earlier epoch: then the saved model is not the overfitted last one.
        if (bestEpoch is { } best && history.Count > 0 && best < history[^1].Epoch)
            html.Append($" (the saved model holds the weights of epoch {Html.Number(best + 1, "0")}, not the last)");
        html.Append(". What helps:</p><ul>");
        foreach (var suggestion in diagnosis.Suggestions)
            html.Append($"<li>{Html.Escape(suggestion)}</li>");
        return html.Append("</ul></div>").ToString();
    }

    private static void Section(StringBuilder html, string id, string heading, string body) =>
        html.Append($"<section id=\"{id}\"><h2>{Html.Escape(heading)}</h2>{body}</section>\n");
}
