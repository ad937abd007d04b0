using System.CommandLine;
using MLNetTransfer.Cli.App;
using MLNetTransfer.Cli.Output;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>The train command's flags; every one can also be a key of --config FILE.</summary>
public static class TrainCommand
{
    public static Command Create(Ui ui)
    {
        var data = new Option<string?>("--data") { Description = "Training images: a folder with one sub-folder per class, or a CSV list of path,label rows (paths relative to the list's folder)." };
        var validation = new Option<string?>("--validation") { Description = "Validation images: a class-folder tree or a path,label list, like --data." };
        var fraction = new Option<float?>("--validation-fraction") { Description = $"Share of --data held out for validation when --validation is not given (default {ResolvedTrainSettings.DefaultValidationFraction})." };
        var arch = new Option<string[]>("--arch") { Description = "A catalog backbone: ResNet18 (default; embedded, no download), ResnetV250, ResnetV2101, MobilenetV2, InceptionV3 or a catalog name (see 'backbones list'). Repeat it, or mix it with --backbone, to concatenate the features of several backbones of the same input size (files first, then catalog names)." };
        var backbone = new Option<string[]>("--backbone") { Description = "A local ONNX backbone; its spec is FILE.json beside it. Repeat it to concatenate several backbones' features." };
        var output = new Option<string?>("--output")
        {
            Description = "Folder to write into: model.zip (the ML.NET model), model.onnx + model.json (the standalone ONNX classifier " +
                "and how to feed it), metrics.json (final metrics, per-epoch history, settings, skipped files, timings) and " +
                "report.html (curves, confusion matrix, per-class metrics, mistakes).",
        };
        var epochs = new Option<int?>("--epochs") { Description = $"Training epochs (default {ResolvedTrainSettings.DefaultEpochs})." };
        var batchSize = new Option<int?>("--batch-size") { Description = $"Images per training step (default {ResolvedTrainSettings.DefaultBatchSize})." };
        var learningRate = new Option<float?>("--learning-rate") { Description = $"Initial learning rate, decayed exponentially (default {ResolvedTrainSettings.DefaultLearningRate})." };
        var seed = new Option<int?>("--seed") { Description = $"Seed of shuffling, initialization and the validation split (default {ResolvedTrainSettings.DefaultSeed})." };
        var cacheDir = new Option<string?>("--cache-dir") { Description = "Cache folder: downloaded backbones, and bottlenecks under its 'bottlenecks' folder." };
        var config = new Option<string?>("--config") { Description = "JSON file with these settings (keys: the flag names in camelCase); flags override it." };
        var offline = new Option<bool?>("--offline") { Description = "Never download; use cached backbones only." };
        var mirror = new Option<string?>("--mirror") { Description = "Base URL serving backbone files by file name." };
        var noCache = new Option<bool?>("--no-cache") { Description = "Compute every bottleneck and write none to disk." };
        var balance = new Option<bool?>("--balance-classes") { Description = "Weigh classes inversely to their frequency." };
        var smoothing = new Option<float?>("--label-smoothing") { Description = "Label smoothing, 0 (default) to below 1." };
        var patience = new Option<int?>("--early-stopping-patience") { Description = $"Epochs without improvement before stopping; 0 turns early stopping off (default {ResolvedTrainSettings.DefaultPatience})." };
        var threads = new Option<int?>("--threads") { Description = "Threads for decoding and ONNX Runtime; 0 (default) uses one per core." };
        var device = new Option<string?>("--device") { Description = "Where the backbone runs: cpu (default), cuda or cuda:N. CUDA needs the GPU build (docs/gpu.md); never a CPU fallback." };
        var engine = new Option<string?>("--engine") { Description = "onnx (default: ONNX Runtime, bottleneck cache) or torch (the TorchSharp engine, needs libtorch; required by --unfreeze)." };
        var unfreeze = new Option<int?>("--unfreeze") { Description = $"Fine-tune the backbone's last N blocks with the head (needs --engine torch; default 0 = head only). Then --epochs defaults to {ResolvedTrainSettings.DefaultFineTuneEpochs}, --batch-size to {ResolvedTrainSettings.DefaultFineTuneBatchSize}, --learning-rate to {ResolvedTrainSettings.DefaultFineTuneLearningRate}." };

        var precision = new Option<string?>("--precision") { Description = "float32 (default) or int8: quantize the backbone, calibrated on up to 200 training images (about 2x faster featurizing and prediction; the run compares both on the validation images)." };

        var command = new Command("train", HelpText.WithExamples(
            "Train an image classifier on a folder of images, one sub-folder per class (or a path,label list).",
            "mlnet-transfer train --data photos/train --validation photos/val --output out",
            "mlnet-transfer train --data photos --validation-fraction 0.2 --arch MobilenetV2 --epochs 50 --output out",
            "mlnet-transfer train --data train.csv --validation val.csv --backbone my.onnx --output out",
            "mlnet-transfer train --data photos/train --validation photos/val --precision int8 --output out",
            "mlnet-transfer train --data photos/train --validation photos/val --backbone mobilenet.onnx --arch ResNet18 --output out",
            "mlnet-transfer train --config train.json --output out --device cuda --unfreeze 2"))
        {
            data, validation, fraction, arch, backbone, output, epochs, batchSize, learningRate, seed, cacheDir, config,
            offline, mirror, noCache, balance, smoothing, patience, threads, device, engine, unfreeze,
            precision,
        };
        command.SetAction(parse =>
        {
            var flags = new TrainSettings
            {
                Data = parse.GetValue(data),
                Validation = parse.GetValue(validation),
                ValidationFraction = parse.GetValue(fraction),
                Arch = First(parse.GetValue(arch)),
                AdditionalArchs = Rest(parse.GetValue(arch)),
                Backbone = First(parse.GetValue(backbone)),
                AdditionalBackbones = Rest(parse.GetValue(backbone)),
                Output = parse.GetValue(output),
                Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batchSize),
                LearningRate = parse.GetValue(learningRate),
                Seed = parse.GetValue(seed),
                CacheDir = parse.GetValue(cacheDir),
                Offline = parse.GetValue(offline),
                Mirror = parse.GetValue(mirror),
                NoCache = parse.GetValue(noCache),
                BalanceClasses = parse.GetValue(balance),
                LabelSmoothing = parse.GetValue(smoothing),
                EarlyStoppingPatience = parse.GetValue(patience),
                Threads = parse.GetValue(threads),
                Device = parse.GetValue(device),
                Engine = parse.GetValue(engine),
                Unfreeze = parse.GetValue(unfreeze),
                Precision = parse.GetValue(precision),
            };
            var configPath = parse.GetValue(config);
            var settings = configPath is null ? flags : TrainConfigFile.Load(configPath).OverriddenBy(flags);
            return TrainRun.Execute(ui, ResolvedTrainSettings.From(settings));
        });
        return command;
    }

    // A repeated --arch/--backbone: the first is the setting a single value always was, the others concatenate.
    private static string? First(string[]? values) => values is { Length: > 0 } ? values[0] : null;

    private static string[]? Rest(string[]? values) => values is { Length: > 1 } ? values[1..] : null;
}
