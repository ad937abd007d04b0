using System.CommandLine;
using MLNetTransfer.Cli.App;
using MLNetTransfer.Cli.Commands.Shared;
using MLNetTransfer.Cli.Output;
using MLNetTransfer.Evaluation;
using MLNetTransfer.Prediction;

namespace MLNetTransfer.Cli.Commands.Evaluate;

/// <summary><c>evaluate --model DIR|ZIP --data DIR [--json FILE] [--report FILE.html]</c>: metrics of a saved model on a labelled folder.</summary>
public static class EvaluateCommand
{
    public static Command Create(Ui ui)
    {
        var model = new Option<string>("--model") { Description = "A model.zip, or the train output folder holding one.", Required = true };
        var data = new Option<string>("--data") { Description = "Labelled images: a folder with one sub-folder per class, or a CSV list of path,label rows (paths relative to the list's folder).", Required = true };
        var json = new Option<string?>("--json") { Description = "Also write the metrics and skipped files to this JSON file." };
        var report = new Option<string?>("--report")
        {
            Description = "Also write an HTML report (confusion matrix, per-class bars, every mistake with occlusion maps) to this file.",
        };
        var tta = new Option<bool>("--tta") { Description = ClassifierLoader.TtaDescription };
        var force = new Option<bool>("--force") { Description = "Replace the --json and --report files if they exist (without it, an existing file is an error)." };
        var command = new Command("evaluate", HelpText.WithExamples(
            "Score a labelled image folder with a saved model and print its metrics.",
            "mlnet-transfer evaluate --model out --data photos/test",
            "mlnet-transfer evaluate --model out/model.zip --data test.csv --json test-metrics.json",
            "mlnet-transfer evaluate --model out --data photos/test --report test-report.html",
            "mlnet-transfer evaluate --model out --data photos/test --tta")) { model, data, json, report, force, tta };
        command.SetAction(parse => Run(ui, parse.GetValue(model)!, parse.GetValue(data)!, parse.GetValue(json), parse.GetValue(report),
            parse.GetValue(force), parse.GetValue(tta)));
        return command;
    }

    public static int Run(Ui ui, string modelArgument, string dataFolder, string? jsonPath, string? reportPath = null, bool force = false,
        bool tta = false)
    {
        // Checked before any scoring: a long evaluation must not end by refusing to write, nor overwrite silently.
        foreach (var target in new[] { jsonPath, reportPath })
        {
            if (target is not null && File.Exists(target) && !force)
                throw new BadInputException($"'{Path.GetFullPath(target)}' already exists; pass --force to replace it.");
        }
        var modelPath = ModelLocator.Resolve(modelArgument);
        var pool = ClassifierLoader.Load(modelPath, device: null, tta).Pool;
        if (tta)
            ui.Line($"Test-time augmentation: each photo's probabilities averaged over {pool.TestTimeViews} views.");
        var dataset = DatasetInput.Load(dataFolder, "--data", DatasetUse.Evaluation);
        var scored = FolderScorer.Score(pool, dataset, ui, "scoring");
        if (scored.Scored.Count == 0)
            throw new BadInputException($"No image in '{dataset.Root}' could be scored ({scored.Skipped.Count} skipped).");

        var result = ClassificationEvaluator.Evaluate(pool.Classes, scored.Scored);
        EvaluationPrinter.Print(ui, result);
        EvaluationPrinter.PrintSkipped(ui, scored.Skipped);
        if (jsonPath is not null)
        {
            CliJson.WriteFile(jsonPath, EvaluationReport.From(result) with { Skipped = scored.Skipped });
            ui.Line($"Wrote {Path.GetFullPath(jsonPath)}");
        }
        if (reportPath is not null)
        {
            EvaluationHtmlReport.Write(reportPath, modelPath, dataset.Root, result, scored.Skipped);
            ui.Line($"Wrote {Path.GetFullPath(reportPath)}");
        }
        return ExitCodes.Success;
    }
}
