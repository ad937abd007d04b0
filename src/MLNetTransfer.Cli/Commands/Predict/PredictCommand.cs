using System.CommandLine;
using MLNetTransfer.Cli.App;
using MLNetTransfer.Cli.Commands.Shared;
using MLNetTransfer.Cli.Output;
using MLNetTransfer.Prediction;

namespace MLNetTransfer.Cli.Commands.Predict;

/// <summary><c>predict --model DIR|ZIP PATH... [--top K] [--json]</c>: the label and top-K scores of each image.</summary>
public static class PredictCommand
{
    public static Command Create(Ui ui)
    {
        var model = new Option<string>("--model") { Description = "A model.zip, or the train output folder holding one.", Required = true };
        var top = new Option<int>("--top") { Description = "How many classes to show per image, most likely first.", DefaultValueFactory = _ => 3 };
        top.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
                r.AddError("--top must be at least 1.");
        });
        var json = new Option<bool>("--json") { Description = "Print a JSON array instead of text." };
        var paths = new Argument<string[]>("paths") { Description = "Image files or folders (searched recursively).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("predict", "Predict the class of images with a saved model.") { model, top, json, paths };
        command.SetAction(parse => Run(ui, parse.GetValue(model)!, parse.GetValue(paths)!, parse.GetValue(top), parse.GetValue(json)));
        return command;
    }

    public static int Run(Ui ui, string modelArgument, IEnumerable<string> paths, int top, bool json)
    {
        var pool = ImageClassifierPool.Load(ModelLocator.Resolve(modelArgument));
        var files = ImageFiles.Expand(paths);
        if (files.Count == 0)
            throw new BadInputException("No image file found in the given paths.");

        var results = new List<PredictionRecord>();
        var failed = 0;
        foreach (var file in files)
        {
            try
            {
                var prediction = pool.PredictFile(file);
                var best = prediction.Top(top).Select(p => new LabelScore(p.Label, p.Score)).ToArray();
                results.Add(new PredictionRecord(file, prediction.PredictedLabel, best, null));
                if (!json)
                    ui.Line($"{file}: {prediction.PredictedLabel}  ({string.Join(", ", best.Select(b => $"{b.Label} {Format.Number(b.Score)}"))})");
            }
            catch (ImagePredictionException e)
            {
                failed++;
                results.Add(new PredictionRecord(file, null, [], e.Reason));
                if (!json)
                    ui.Warn($"{file}: skipped, {e.Reason}");
            }
        }

        if (json)
            ui.Out.WriteLine(CliJson.Serialize(results));
        if (failed > 0 && !json)
            ui.Warn($"{failed} of {files.Count} image(s) could not be scored.");
        if (failed == files.Count)
        {
            // Nothing was predicted: scripts must not take an empty result for success.
            ui.Fail($"No image could be scored ({failed} skipped; the reasons are above{(json ? ", in each record's 'error'" : "")}).");
            return ExitCodes.BadInput;
        }
        return ExitCodes.Success;
    }
}

public sealed record LabelScore(string Label, float Score);

/// <summary>One element of predict --json: the label and top-K scores, or the error that kept the image from being scored.</summary>
public sealed record PredictionRecord(string File, string? PredictedLabel, IReadOnlyList<LabelScore> Top, string? Error);
