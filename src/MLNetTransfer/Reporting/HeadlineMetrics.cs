using System.Text;
using MLNetTransfer.Evaluation;
using MLNetTransfer.Training;

namespace MLNetTransfer.Reporting;

/// <summary>
/// The row of big numbers under the title: validation metrics, and the train accuracy of the epoch whose weights the
/// model holds (the best epoch, else the last), numbered from 1.
/// </summary>
internal static class HeadlineMetrics
{
    public static string Render(EvaluationResult? validation, IReadOnlyList<EpochRecord> history, int? bestEpoch)
    {
        var html = new StringBuilder("<div class=\"metrics\">");
        if (validation is not null)
        {
            Card(html, "micro-accuracy", "validation accuracy (micro)", Html.Percent(validation.MicroAccuracy, "0.00"));
            Card(html, "macro-accuracy", "validation accuracy (macro)", Html.Percent(validation.MacroAccuracy, "0.00"));
            Card(html, "log-loss", "validation log-loss", Html.Number(validation.LogLoss, "0.0000"));
            foreach (var (k, accuracy) in validation.TopKAccuracy.OrderBy(p => p.Key).Where(p => p.Key > 1))
                Card(html, $"top-{k}", $"top-{k} accuracy", Html.Percent(accuracy, "0.00"));
            Card(html, "validation-count", "validation images", Html.Number(validation.Count, "0"));
        }
        if (history.Count > 0)
        {
            var kept = bestEpoch is { } best && best >= 0 && best < history.Count ? history[best] : history[^1];
            var which = bestEpoch is null ? "epoch" : "best epoch";
            Card(html, "train-accuracy", $"train accuracy ({which} {kept.Epoch + 1})", Html.Percent(kept.TrainAccuracy, "0.00"));
            Card(html, "epochs", "epochs", Html.Number(history.Count, "0"));
        }
        return html.Append("</div>").ToString();
    }

    private static void Card(StringBuilder html, string key, string label, string value) =>
        html.Append($"<div class=\"metric\" data-metric=\"{key}\"><div class=\"value\">{value}</div><div class=\"label\">{Html.Escape(label)}</div></div>");
}
