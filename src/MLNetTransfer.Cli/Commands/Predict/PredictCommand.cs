using System.CommandLine;
using MLNetTransfer.Cli.App;
using MLNetTransfer.Cli.Commands.Featurize;
using MLNetTransfer.Cli.Commands.Shared;
using MLNetTransfer.Cli.Output;
using MLNetTransfer.Prediction;
using MLNetTransfer.Runtime;

namespace MLNetTransfer.Cli.Commands.Predict;

/// <summary>
/// <c>predict --model DIR|ZIP PATH... [--top K] [--json] [--explain DIR]</c>: the label and top-K scores of each image,
/// and with --explain an occlusion map of each prediction as a PNG. With --data or --list it is a batch prediction into
/// a CSV, shard by shard (<see cref="BatchPredict"/>).
/// </summary>
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
        var device = new Option<string?>("--device") { Description = "cpu (default), cuda or cuda:N: run the exported model.onnx beside model.zip on ONNX Runtime there (CUDA needs the GPU build, docs/gpu.md)." };
        var tta = new Option<bool>("--tta") { Description = ClassifierLoader.TtaDescription };
        var paths = new Argument<string[]>("paths") { Description = "Image files or folders (searched recursively); none with --data or --list.", Arity = ArgumentArity.ZeroOrMore };
        var data = new Option<string?>("--data") { Description = "Batch: every image below this folder, into a CSV (--output) or shard results (--store)." };
        var list = new Option<string?>("--list") { Description = "Batch: the images of a path,label list file, instead of --data." };
        var store = new Option<string?>("--store") { Description = "Batch: the folder of the shard result files (shared by every shard); finished shards are not scored again." };
        var shard = new Option<string?>("--shard") { Description = "Batch: K/N, score shard K (0 to N-1) of N; default 0/1." };
        var output = new Option<string?>("--output") { Description = "Batch: the CSV of every image (file, label, score, one probability per class, error), written once every shard is done." };
        var cluster = new Option<string?>("--cluster") { Description = "Batch: run every shard on a cluster's workers (its PostgreSQL connection string); --shard then gives only N." };
        var clusterId = new Option<string>("--cluster-id") { Description = "Name of the cluster in the database.", DefaultValueFactory = _ => Cluster.Hosting.PostgresCluster.DefaultClusterId };
        var leaseTimeout = new Option<double>("--lease-timeout") { Description = "With --cluster: seconds after which a shard whose worker stopped renewing is leased again.", DefaultValueFactory = _ => 120 };
        var maxAttempts = new Option<int>("--max-attempts") { Description = "With --cluster: failures of one shard after which the job fails.", DefaultValueFactory = _ => 3 };
        var explain = new Option<string?>("--explain")
        {
            Description = "Write one PNG per image to this folder: the centre crop the model sees, red to yellow where hiding it lowers the predicted class's probability most.",
        };
        var command = new Command("predict", HelpText.WithExamples(
            "Predict the class of images with a saved model.",
            "mlnet-transfer predict --model out photo.jpg",
            "mlnet-transfer predict --model out/model.zip --top 5 --json photos/ > predictions.json",
            "mlnet-transfer predict --model out --explain heatmaps/ mistakes/",
            "mlnet-transfer predict --model out --tta photos/",
            "mlnet-transfer predict --model out --data /mnt/photos --store /mnt/results --shard $SLURM_ARRAY_TASK_ID/64",
            "mlnet-transfer predict --model out --data /mnt/photos --store /mnt/results --shard 0/64 --cluster \"Host=db;...\" --output results.csv"))
        {
            model, top, json, device, explain, tta, paths, data, list, store, shard, output, cluster, clusterId, leaseTimeout, maxAttempts,
        };
        command.SetAction(parse =>
        {
            if (parse.GetValue(data) is not null || parse.GetValue(list) is not null)
            {
                if (parse.GetValue(paths) is { Length: > 0 })
                    throw new UsageException("Give image paths or --data/--list, not both.");
                return BatchPredict.Run(ui, new BatchPredictSettings(parse.GetValue(model)!, parse.GetValue(data), parse.GetValue(list),
                    parse.GetValue(store), ShardFlag.Parse(parse.GetValue(shard)), parse.GetValue(output), parse.GetValue(cluster),
                    parse.GetValue(clusterId)!, parse.GetValue(leaseTimeout), parse.GetValue(maxAttempts)));
            }
            if (parse.GetValue(paths) is not { Length: > 0 } files)
                throw new UsageException("predict needs image paths, or --data/--list for a batch.");
            return Run(ui, parse.GetValue(model)!, files, parse.GetValue(top), parse.GetValue(json),
                parse.GetValue(device), parse.GetValue(explain), parse.GetValue(tta));
        });
        return command;
    }

    public static int Run(Ui ui, string modelArgument, IEnumerable<string> paths, int top, bool json, string? device = null,
        string? explainFolder = null, bool tta = false)
    {
        var modelPath = ModelLocator.Resolve(modelArgument);
        var pool = ClassifierLoader.Load(modelPath, device, tta).Pool;
        var files = ImageFiles.Expand(paths);
        if (files.Count == 0)
            throw new BadInputException("No image file found in the given paths.");
        using var explanations = explainFolder is null ? null : ExplanationWriter.Open(modelPath, explainFolder);

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
                explanations?.Write(file);
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
        if (explanations is not null && !json)
            ui.Line($"Wrote {explanations.Written} occlusion map(s) to {explanations.Folder}");
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
