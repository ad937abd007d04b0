using MLNetTransfer.Training;

namespace MLNetTransfer.Reporting;

/// <summary>
/// The accuracy and loss charts over epochs, train and validation side by side. Epochs are drawn and named from 1, as
/// the console prints them; the data holds them 0-based.
/// </summary>
internal static class TrainingCurves
{
    public const string TrainColour = "#1f77b4";
    public const string ValidationColour = "#e6550d";

    public static string Render(IReadOnlyList<EpochRecord> history, int? bestEpoch)
    {
        if (history.Count == 0)
            return "<p class=\"note\">No epoch was recorded.</p>";
        var marked = bestEpoch + 1;
        var markLabel = marked is { } best ? $"best epoch ({best})" : null;
        var accuracy = LineChart.Render(
            new ChartLayout("accuracy", "Accuracy", "accuracy", YIsFraction: true, marked, markLabel),
            Series(history, r => r.TrainAccuracy, r => r.ValidationAccuracy));
        var loss = LineChart.Render(
            new ChartLayout("loss", "Loss (cross-entropy)", "loss", YIsFraction: false, marked, markLabel),
            Series(history, r => r.TrainLoss, r => r.ValidationLoss));
        return $"<div class=\"charts\">{accuracy}{loss}</div>";
    }

    private static List<ChartSeries> Series(IReadOnlyList<EpochRecord> history, Func<EpochRecord, float> train, Func<EpochRecord, float?> validation)
    {
        var series = new List<ChartSeries>
        {
            new("train", "train", TrainColour, history.Select(r => (Shown(r), (double)train(r))).ToArray()),
        };
        var validationPoints = history.Where(r => validation(r) is not null).Select(r => (Shown(r), (double)validation(r)!.Value)).ToArray();
        if (validationPoints.Length > 0)
            series.Add(new("validation", "validation", ValidationColour, validationPoints));
        return series;
    }

    private static double Shown(EpochRecord record) => record.Epoch + 1;
}
