using MLNetTransfer.Preprocessing;
using MLNetTransfer.Training;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>
/// Every setting of the train command, described once (<see cref="TrainFlag"/>): the command's options, the keys of
/// --config FILE and the flags-override-the-file rule all come from this list. Defaults are the library's
/// (<see cref="TrainingDefaults"/>) except where <see cref="ResolvedTrainSettings"/> says why the tool differs.
/// </summary>
internal static class TrainFlags
{
    public static readonly IReadOnlyList<TrainFlag> All =
    [
        TrainFlag.Of<string>("--data", "Training images: a folder with one sub-folder per class, or a CSV list of path,label rows (paths relative to the list's folder).",
            s => s.Data, (s, v) => s with { Data = v }),
        TrainFlag.Of<string>("--validation", "Validation images: a class-folder tree or a path,label list, like --data.",
            s => s.Validation, (s, v) => s with { Validation = v }),
        TrainFlag.Of<float?>("--validation-fraction", $"Share of --data held out for validation when --validation is not given (default {TrainingDefaults.ValidationFraction}).",
            s => s.ValidationFraction, (s, v) => s with { ValidationFraction = v }),
        TrainFlag.Repeatable("--arch", "A catalog backbone: ResNet18 (default; embedded, no download), ResnetV250, ResnetV2101, MobilenetV2, InceptionV3 or a catalog name (see 'backbones list'). " +
            "Repeat it, or give it with --backbone, to concatenate the features of several backbones (files first, then catalog names).",
            s => TrainSettings.Join(s.Arch, s.AdditionalArchs), (s, v) => s with { Arch = v[0], AdditionalArchs = v.Length > 1 ? v[1..] : null }),
        TrainFlag.Repeatable("--backbone", "A local ONNX backbone; its spec is FILE.json beside it. Repeat it to concatenate several backbones' features.",
            s => TrainSettings.Join(s.Backbone, s.AdditionalBackbones), (s, v) => s with { Backbone = v[0], AdditionalBackbones = v.Length > 1 ? v[1..] : null }),
        TrainFlag.Of<string>("--output",
            "Folder to write into: model.zip (the ML.NET model), model.onnx + model.json (the standalone ONNX classifier " +
            "and how to feed it), metrics.json (final metrics, per-epoch history, settings, skipped files, timings) and " +
            "report.html (curves, confusion matrix, per-class metrics, mistakes).",
            s => s.Output, (s, v) => s with { Output = v }),
        TrainFlag.Of<int?>("--epochs", $"Training epochs (default {TrainingDefaults.Epochs}).",
            s => s.Epochs, (s, v) => s with { Epochs = v }),
        TrainFlag.Of<int?>("--batch-size", $"Images per training step (default {TrainingDefaults.BatchSize}).",
            s => s.BatchSize, (s, v) => s with { BatchSize = v }),
        TrainFlag.Of<float?>("--learning-rate", $"Initial learning rate, decayed exponentially (default {TrainingDefaults.LearningRate}).",
            s => s.LearningRate, (s, v) => s with { LearningRate = v }),
        TrainFlag.Of<int?>("--seed", $"Seed of shuffling, initialization and the validation split (default {ResolvedTrainSettings.DefaultSeed}).",
            s => s.Seed, (s, v) => s with { Seed = v }),
        TrainFlag.Of<string>("--cache-dir", "Cache folder: downloaded backbones, and bottlenecks under its 'bottlenecks' folder.",
            s => s.CacheDir, (s, v) => s with { CacheDir = v }),
        TrainFlag.Of<bool?>("--offline", "Never download; use cached backbones only.",
            s => s.Offline, (s, v) => s with { Offline = v }),
        TrainFlag.Of<string>("--mirror", "Base URL serving backbone files by file name.",
            s => s.Mirror, (s, v) => s with { Mirror = v }),
        TrainFlag.Of<bool?>("--no-cache", "Compute every bottleneck and write none to disk.",
            s => s.NoCache, (s, v) => s with { NoCache = v }),
        TrainFlag.Of<bool?>("--balance-classes", "Weigh classes inversely to their frequency.",
            s => s.BalanceClasses, (s, v) => s with { BalanceClasses = v }),
        TrainFlag.Of<float?>("--label-smoothing", "Label smoothing, 0 (default) to below 1.",
            s => s.LabelSmoothing, (s, v) => s with { LabelSmoothing = v }),
        TrainFlag.Of<int?>("--early-stopping-patience", $"Epochs without improvement before stopping; 0 turns early stopping off (default {TrainingDefaults.EarlyStoppingPatience}).",
            s => s.EarlyStoppingPatience, (s, v) => s with { EarlyStoppingPatience = v }),
        TrainFlag.Of<int?>("--threads", "Threads for decoding and ONNX Runtime; 0 (default) uses one per core.",
            s => s.Threads, (s, v) => s with { Threads = v }),
        TrainFlag.Of<string>("--device", "Where the backbone runs: cpu (default), cuda or cuda:N. CUDA needs the GPU build (docs/gpu.md); never a CPU fallback.",
            s => s.Device, (s, v) => s with { Device = v }),
        TrainFlag.Of<string>("--engine", "onnx (default: ONNX Runtime, bottleneck cache) or torch (the TorchSharp engine, needs libtorch; required by --unfreeze).",
            s => s.Engine, (s, v) => s with { Engine = v }),
        TrainFlag.Of<int?>("--unfreeze", "Fine-tune the backbone's last N blocks with the head (needs --engine torch; default 0 = head only). " +
            $"Then --epochs defaults to {TrainingDefaults.FineTuneEpochs}, --batch-size to {TrainingDefaults.FineTuneBatchSize}, --learning-rate to {TrainingDefaults.FineTuneLearningRate}.",
            s => s.Unfreeze, (s, v) => s with { Unfreeze = v }),
        TrainFlag.Of<string>("--precision", "float32 (default) or int8: quantize the backbone, calibrated on up to 200 training images (about 2x faster featurizing and prediction; the run compares both on the validation images).",
            s => s.Precision, (s, v) => s with { Precision = v }),
        TrainFlag.Of<string>("--store", "A feature store written by 'featurize --store': every bottleneck is read from it, none computed; images it lacks are an error naming them.",
            s => s.Store, (s, v) => s with { Store = v }),
        TrainFlag.Of<int?>("--views", $"Views of each training photo the head trains on, 1 to {ImageView.MaxCount}: the photo, its mirror image, " +
            $"then centre crops zoomed 1.15x and 1.3x, each also mirrored (default {TrainingDefaults.Views}; 1 = the photo only). " +
            "Each view is featurized once and cached; validation and the saved model use the plain photo. More views did not pay on the photos measured (docs/benchmarks.md); --tta did.",
            s => s.Views, (s, v) => s with { Views = v }),
        TrainFlag.Of<bool?>("--refit", "Without --validation: once the held-out share has chosen the number of epochs, train the head again on all " +
            "photos for that many (default true; --refit false keeps the head trained without the held-out photos).",
            s => s.Refit, (s, v) => s with { Refit = v }),
    ];

    /// <summary>The setting a --config key names (case-insensitive), or null.</summary>
    public static TrainFlag? ForConfigKey(string key) =>
        All.FirstOrDefault(flag => string.Equals(flag.ConfigKey, key, StringComparison.OrdinalIgnoreCase));
}
