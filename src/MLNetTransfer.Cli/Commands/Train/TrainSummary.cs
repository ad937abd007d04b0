using MLNetTransfer.Cli.Commands.Shared;
using MLNetTransfer.Cli.Output;
using MLNetTransfer.Evaluation;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>The closing table of a train run: what was made, how well it does, where the time went.</summary>
public static class TrainSummary
{
    public static void Print(Ui ui, ResolvedTrainSettings settings, ImageClassificationModel model, EvaluationResult? final,
        IReadOnlyList<SkippedFile> skipped, IReadOnlyDictionary<string, double> timings, int computed, int fromCache)
    {
        var best = model.Training.History[model.Training.BestEpoch];
        var table = ui.NewTable("", "");
        table.ShowHeaders = false;
        void Row(string name, string value) => table.AddPlainRow(name, value);

        Row("classes", string.Join(", ", model.ClassNames));
        Row("epochs run", $"{model.Training.History.Count}{(model.Training.StoppedEarly ? " (stopped early)" : "")}, best epoch {model.Training.BestEpoch + 1}");
        Row("best epoch train accuracy", Format.Number(best.TrainAccuracy));
        if (best.ValidationAccuracy is { } validationAccuracy)
            Row("best epoch validation accuracy", Format.Number(validationAccuracy));
        if (final is not null)
        {
            Row("validation micro-accuracy", Format.Number(final.MicroAccuracy));
            Row("validation macro-accuracy", Format.Number(final.MacroAccuracy));
            Row("validation log-loss", Format.Number(final.LogLoss));
        }
        Row("bottlenecks", $"{computed} computed, {fromCache} from cache");
        Row("featurize time", Format.Duration(TimeSpan.FromSeconds(timings["featurizeSeconds"])));
        Row("training time", Format.Duration(TimeSpan.FromSeconds(timings["trainHeadSeconds"])));
        Row("total time", Format.Duration(TimeSpan.FromSeconds(timings["totalSeconds"])));
        Row("skipped files", skipped.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Row("output", settings.Output);
        ui.Heading("Summary");
        ui.Render(table);
        ui.Line($"Wrote {ModelFiles.ModelZip}, {ModelFiles.ModelOnnx}, model.json, {TrainRun.MetricsFile} and {ReportStep.FileName} to {settings.Output}");
        EvaluationPrinter.PrintSkipped(ui, skipped);
        foreach (var warning in model.Warnings)
            ui.Warn(warning);
        if (OverfittingCheck.Diagnose(model.Training.History) is { } overfitting)
            ui.Warn($"{overfitting.Summary} What helps: {string.Join("; ", overfitting.Suggestions)}.");
        if (model.LabelNoise is { Count: > 0 } noise)
        {
            ui.Line($"Label check: {noise.Count} training image(s) look like another class when left out; the worst are in {ReportStep.FileName} " +
                $"('mlnet-transfer inspect --model {settings.Output} --data {settings.Data} --csv FILE' lists them all).");
        }
    }
}
