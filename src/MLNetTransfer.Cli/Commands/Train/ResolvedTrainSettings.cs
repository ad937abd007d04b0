using MLNetTransfer.Preprocessing;
using MLNetTransfer.Cli.App;
using MLNetTransfer.Training;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>The final, checked values of a train run: defaults filled in, paths absolute.</summary>
public sealed record ResolvedTrainSettings
{
    // The library's defaults (TrainingDefaults) except these: a fixed seed, so reruns repeat, and the embedded ResNet18,
    // so a first run works offline with nothing to download (the library keeps Vision's ResnetV250).
    public const int DefaultSeed = 1;
    public const string DefaultArch = "ResNet18";

    /// <summary>Below this a 32-bit learning rate, decayed, loses its precision and then becomes 0: nothing would be learnt.</summary>
    public const float MinLearningRate = 1e-30f;

    public required string Data { get; init; }
    public string? Validation { get; init; }
    /// <summary>Share held out from the train set; 0 when a validation folder is given or none is wanted.</summary>
    public float ValidationFraction { get; init; }
    /// <summary>A catalog or Vision name; null when <see cref="Backbone"/> names a file.</summary>
    public string? Arch { get; init; }
    public string? Backbone { get; init; }
    /// <summary>
    /// Backbones whose features follow the main one's (<see cref="Backbone"/>, else <see cref="Arch"/>), in order: the
    /// catalog name when both --backbone and --arch are given, the further files, then the further catalog names.
    /// </summary>
    public IReadOnlyList<BackboneReference> AdditionalBackbones { get; init; } = [];
    public required string Output { get; init; }
    public int Epochs { get; init; }
    public int BatchSize { get; init; }
    public float LearningRate { get; init; }
    public int Seed { get; init; }
    public string? CacheDir { get; init; }
    public bool Offline { get; init; }
    public Uri? Mirror { get; init; }
    public bool NoCache { get; init; }
    public bool BalanceClasses { get; init; }
    public float LabelSmoothing { get; init; }
    /// <summary>0 turns early stopping off.</summary>
    public int EarlyStoppingPatience { get; init; }
    /// <summary>0 means one per core.</summary>
    public int Threads { get; init; }
    public const string OnnxEngine = "onnx";
    public const string TorchEngine = "torch";

    /// <summary>Where the backbone runs ("cpu", "cuda:N"); null when not given, which is the CPU.</summary>
    public string? Device { get; init; }
    /// <summary><see cref="OnnxEngine"/> (ONNX Runtime, bottleneck cache) or <see cref="TorchEngine"/> (TorchSharp, fine-tuning).</summary>
    public string Engine { get; init; } = OnnxEngine;
    public bool UsesTorch => Engine == TorchEngine;
    /// <summary>The device as ONNX Runtime takes it.</summary>
    public Runtime.ExecutionDevice ExecutionDevice => Device is null ? Runtime.ExecutionDevice.Cpu : Runtime.ExecutionDevice.Parse(Device);
    /// <summary>Backbone blocks fine-tuned; 0 trains the head only.</summary>
    public int Unfreeze { get; init; }
    public BackbonePrecision Precision { get; init; }
    /// <summary>The feature store every bottleneck is read from; null computes (and caches) them.</summary>
    public string? Store { get; init; }
    /// <summary>Views each training photo is featurized in (<see cref="ImageClassificationTrainer.Options.Views"/>).</summary>
    public int Views { get; init; } = TrainingDefaults.Views;
    /// <summary>Refit on all photos after the held-out split chose the epochs (only without a validation folder).</summary>
    public bool Refit { get; init; }

    public static ResolvedTrainSettings From(TrainSettings s)
    {
        if (s.Data is null)
            throw new UsageException("train needs --data DIR (a folder with one sub-folder per class), as a flag or in --config.");
        if (s.Output is null)
            throw new UsageException("train needs --output DIR (where model.zip, model.onnx and metrics.json go), as a flag or in --config.");
        if (s.Validation is not null && s.ValidationFraction is not null)
            throw new UsageException("Give either --validation DIR or --validation-fraction F, not both.");
        Check(s.Epochs is null or >= 1, "--epochs must be at least 1.");
        Check(s.BatchSize is null or >= 1, "--batch-size must be at least 1.");
        Check(s.LearningRate is null || (s.LearningRate > 0 && float.IsFinite(s.LearningRate.Value)),
            "--learning-rate must be a positive number (a value below about 1e-45 is 0 as a 32-bit float).");
        Check(s.LearningRate is null or >= MinLearningRate,
            $"--learning-rate {s.LearningRate} is too small to train with: its decayed values vanish in 32-bit floats; use at least {MinLearningRate}.");
        Check(s.ValidationFraction is null or >= 0 and < 1, "--validation-fraction must be at least 0 and below 1.");
        Check(s.LabelSmoothing is null or >= 0 and < 1, "--label-smoothing must be at least 0 and below 1.");
        Check(s.EarlyStoppingPatience is null or >= 0, "--early-stopping-patience must be 0 (off) or more.");
        Check(s.Threads is null or >= 0, "--threads must be 0 (one per core) or more.");
        var device = DeviceFlag.Parse(s.Device);
        Check(s.Unfreeze is null or >= 0, "--unfreeze must be 0 (head only) or more.");
        var engine = s.Engine?.Trim().ToLowerInvariant() ?? OnnxEngine;
        Check(engine is OnnxEngine or TorchEngine, $"--engine must be onnx or torch (got '{s.Engine}').");
        Check(s.Unfreeze is null or 0 || engine == TorchEngine,
            "--unfreeze N fine-tunes the backbone with the TorchSharp engine, so it needs --engine torch (with --device cpu|cuda|cuda:N).");
        var precision = PrecisionFlag.Parse(s.Precision);
        Check(precision == BackbonePrecision.Float32 || engine == OnnxEngine,
            "--precision int8 quantizes the backbone for ONNX Runtime, so it cannot be combined with --engine torch.");
        var additional = (s.Backbone is not null && s.Arch is not null ? [BackboneReference.Catalog(s.Arch)] : Array.Empty<BackboneReference>())
            .Concat((s.AdditionalBackbones ?? []).Select(f => BackboneReference.File(Path.GetFullPath(f))))
            .Concat((s.AdditionalArchs ?? []).Select(BackboneReference.Catalog))
            .ToArray();
        Check(additional.Length == 0 || engine == OnnxEngine,
            "Several backbones (a repeated --arch/--backbone) concatenate ONNX Runtime features, so they cannot be combined with --engine torch.");
        Check(s.Store is null || (engine == OnnxEngine && s.NoCache is not true),
            "--store reads the bottlenecks of the ONNX Runtime engine from a feature store, so it cannot be combined with --engine torch or --no-cache.");
        var fineTune = s.Unfreeze is > 0;
        Check(s.Views is null || (s.Views >= 1 && s.Views <= ImageView.MaxCount), $"--views must be 1 (the plain photo) to {ImageView.MaxCount}.");
        // The torch engine featurizes in memory without the per-view cache: one view there.
        Check(s.Views is null or 1 || engine == OnnxEngine, "--views K featurizes each view through ONNX Runtime's bottleneck cache, so it cannot be combined with --engine torch.");
        Check(additional.Length == 0 || s.Views is null or 1,
            "--views K cannot be combined with several backbones (a repeated --arch/--backbone): concatenated backbones featurize the plain photo only.");
        Check(additional.Length == 0 || s.Store is null,
            "--store cannot be combined with several backbones (a repeated --arch/--backbone): a feature store holds the features of one backbone.");
        Uri? mirror = null;
        if (s.Mirror is not null && !Uri.TryCreate(s.Mirror, UriKind.Absolute, out mirror))
            throw new UsageException($"--mirror must be an absolute URL (got '{s.Mirror}').");

        return new ResolvedTrainSettings
        {
            Data = Path.GetFullPath(s.Data),
            Validation = s.Validation is null ? null : Path.GetFullPath(s.Validation),
            ValidationFraction = s.Validation is not null ? 0 : s.ValidationFraction ?? TrainingDefaults.ValidationFraction,
            Arch = s.Backbone is null ? s.Arch ?? DefaultArch : null,
            Backbone = s.Backbone is null ? null : Path.GetFullPath(s.Backbone),
            AdditionalBackbones = additional,
            Output = Path.GetFullPath(s.Output),
            Epochs = s.Epochs ?? (fineTune ? TrainingDefaults.FineTuneEpochs : TrainingDefaults.Epochs),
            BatchSize = s.BatchSize ?? (fineTune ? TrainingDefaults.FineTuneBatchSize : TrainingDefaults.BatchSize),
            LearningRate = s.LearningRate ?? (fineTune ? TrainingDefaults.FineTuneLearningRate : TrainingDefaults.LearningRate),
            Seed = s.Seed ?? DefaultSeed,
            CacheDir = s.CacheDir is null ? null : Path.GetFullPath(s.CacheDir),
            Offline = s.Offline ?? false,
            Mirror = mirror,
            NoCache = s.NoCache ?? false,
            BalanceClasses = s.BalanceClasses ?? false,
            LabelSmoothing = s.LabelSmoothing ?? 0,
            EarlyStoppingPatience = s.EarlyStoppingPatience ?? TrainingDefaults.EarlyStoppingPatience,
            Threads = s.Threads ?? 0,
            Device = s.Device is null ? null : device.ToString(),
            Engine = engine,
            Unfreeze = s.Unfreeze ?? 0,
            Precision = precision,
            Store = s.Store is null ? null : Path.GetFullPath(s.Store),
            Views = s.Views ?? TrainingDefaults.Views,
            Refit = s.Refit ?? true,
        };
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
            throw new UsageException(message);
    }
}
