using System.CommandLine;
using Microsoft.ML;
using MLNetTransfer.Cli.App;
using MLNetTransfer.Cli.Output;
using MLNetTransfer.Data;
using MLNetTransfer.Evaluation;
using MLNetTransfer.Featurization;
using MLNetTransfer.Training;

namespace MLNetTransfer.Cli.Commands.Inspect;

/// <summary>
/// <c>inspect --model DIR --data DIR [--csv FILE] [--folds K]</c>: training images whose label looks wrong. The data is
/// featurized with the model's own backbone (from the bottleneck cache when train already did it) and the head is
/// trained k times the way train trained it, each time scoring the fold it did not see.
/// </summary>
public static class InspectCommand
{
    private const int Listed = 20;

    public static Command Create(Ui ui)
    {
        var model = new Option<string>("--model") { Description = "The train output folder (model.json and metrics.json).", Required = true };
        var data = new Option<string>("--data") { Description = "Labelled folder to check, one sub-folder per class (usually the training folder).", Required = true };
        var csv = new Option<string?>("--csv") { Description = "Write every candidate to this CSV file, worst first." };
        var folds = new Option<int>("--folds") { Description = "Folds of the out-of-fold check.", DefaultValueFactory = _ => LabelNoiseFinder.DefaultFolds };
        folds.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 2)
                r.AddError("--folds must be at least 2.");
        });
        var command = new Command("inspect", HelpText.WithExamples(
            "Find training images whose label looks wrong (out-of-fold top losses).",
            "mlnet-transfer inspect --model out --data photos/train",
            "mlnet-transfer inspect --model out --data photos/train --csv suspects.csv --folds 10")) { model, data, csv, folds };
        command.SetAction(parse => Run(ui, parse.GetValue(model)!, parse.GetValue(data)!, parse.GetValue(csv), parse.GetValue(folds)));
        return command;
    }

    public static int Run(Ui ui, string modelArgument, string dataFolder, string? csvPath, int folds = LabelNoiseFinder.DefaultFolds)
    {
        var run = TrainedRun.Load(modelArgument);
        var classes = run.Description.Classes;
        var dataset = ImageFolderDataset.Scan(dataFolder);
        var unknown = dataset.Classes.Where(c => !classes.Contains(c) && dataset.Images.Any(i => i.Label == c)).ToArray();
        if (unknown.Length > 0)
        {
            throw new BadInputException($"The data folder '{dataset.Root}' has classes the model does not know: " +
                $"{string.Join(", ", unknown.Select(c => $"'{c}'"))}. The model's classes: {string.Join(", ", classes)}.");
        }
        if (!File.Exists(run.BackbonePath))
            throw new BadInputException($"The backbone the model was trained on, '{run.BackbonePath}' (from metrics.json), does not exist any more.");

        using var featurizer = new BottleneckFeaturizer(new MLContext(run.HeadOptions.Seed), run.BackbonePath, run.Description.Backbone.Spec,
            new FeaturizerOptions
            {
                CacheDirectory = run.CacheDir is null ? null : Path.Combine(run.CacheDir, "bottlenecks"),
                UseCache = !run.NoCache,
            });
        if (!string.Equals(featurizer.BackboneHash, run.Description.Backbone.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new BadInputException($"'{run.BackbonePath}' is not the backbone the model was trained on: its SHA-256 is {featurizer.BackboneHash}, " +
                $"model.json says {run.Description.Backbone.Sha256}.");
        }

        var images = dataset.Images;
        var progress = ui.Progress("featurizing", images.Count, "images");
        var features = featurizer.Featurize(images.Select((image, i) => ImageInput.FromFile(i, image.ImagePath)),
            new InlineProgress<FeaturizeProgress>(p => progress.Report(p.Processed)), ui.Cancellation);
        progress.Finish(features.Count + features.Skipped.Count);
        if (features.Count == 0)
            throw new BadInputException($"No image in '{dataset.Root}' could be featurized ({features.Skipped.Count} skipped).");

        var labels = features.Indices.Select(i => Array.IndexOf(classes, images[i].Label)).ToArray();
        var names = features.Indices.Select(i => images[i].ImagePath).ToArray();
        var options = run.HeadOptions;
        if (run.BalanceClasses)
            options.ClassWeights = ClassWeighting.Balanced(labels, classes.Length);
        var candidates = LabelNoiseFinder.Find(features.Features, labels, names, features.FeatureCount, classes.Length, options, folds, ui.Cancellation);

        Print(ui, candidates, classes, features.Count, folds);
        foreach (var skipped in dataset.Ignored.Concat(features.Skipped))
            ui.Warn($"skipped {skipped.Name}: {skipped.Reason}");
        if (csvPath is not null)
        {
            LabelNoiseCsv.Write(Path.GetFullPath(csvPath), candidates, classes);
            ui.Line($"Wrote {candidates.Count} candidate(s) to {Path.GetFullPath(csvPath)}");
        }
        return ExitCodes.Success;
    }

    private static void Print(Ui ui, IReadOnlyList<LabelNoiseCandidate> candidates, IReadOnlyList<string> classes, int count, int folds)
    {
        ui.Line($"{candidates.Count} of {count} image(s) look like another class to a head trained without them ({folds} folds); worst first:");
        if (candidates.Count == 0)
            return;
        var table = ui.NewTable("#", "file", "given label", "predicted", "p(given)", "loss");
        foreach (var (c, i) in candidates.Take(Listed).Select((c, i) => (c, i)))
        {
            table.AddPlainRow((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), c.Name, classes[c.GivenClass],
                classes[c.PredictedClass], Format.Number(c.GivenProbability), Format.Number(c.Loss));
        }
        ui.Render(table);
        if (candidates.Count > Listed)
            ui.Line($"... and {candidates.Count - Listed} more (--csv FILE writes them all).");
    }
}
