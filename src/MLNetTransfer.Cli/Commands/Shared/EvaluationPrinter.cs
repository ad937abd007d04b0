using MLNetTransfer.Cli.Output;
using MLNetTransfer.Evaluation;

namespace MLNetTransfer.Cli.Commands.Shared;

/// <summary>Prints an evaluation: headline metrics, per-class table, confusion matrix.</summary>
public static class EvaluationPrinter
{
    public static void Print(Ui ui, EvaluationResult result)
    {
        ui.Heading($"Evaluated {result.Count} images");
        ui.Line($"  micro-accuracy  {Format.Number(result.MicroAccuracy)}");
        ui.Line($"  macro-accuracy  {Format.Number(result.MacroAccuracy)}");
        ui.Line($"  log-loss        {Format.Number(result.LogLoss)}");
        foreach (var (k, accuracy) in result.TopKAccuracy.OrderBy(p => p.Key))
            ui.Line($"  top-{k} accuracy  {Format.Number(accuracy)}");

        var perClass = ui.NewTable("class", "precision", "recall", "F1", "support");
        foreach (var c in result.PerClass)
            perClass.AddPlainRow(c.Class, Format.Number(c.Precision), Format.Number(c.Recall), Format.Number(c.F1), c.Support.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ui.Render(perClass);

        ui.Line("Confusion matrix (rows: true class, columns: predicted class)");
        var matrix = ui.NewTable(["true \\ predicted", .. result.Classes]);
        for (var row = 0; row < result.Classes.Count; row++)
            matrix.AddPlainRow([result.Classes[row], .. result.ConfusionMatrix[row].Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        ui.Render(matrix);
    }

    public static void PrintSkipped(Ui ui, IReadOnlyList<SkippedFile> skipped)
    {
        if (skipped.Count == 0)
            return;
        ui.Warn($"{skipped.Count} file(s) skipped:");
        foreach (var file in skipped)
            ui.Error.WriteLine($"  {file.File}: {file.Reason}");
    }
}
