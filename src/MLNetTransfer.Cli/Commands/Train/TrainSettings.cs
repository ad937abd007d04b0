namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>
/// The settings of one train run, as flags or a --config file give them: every value nullable, so "not given"
/// can be told apart and flags can override the file. <see cref="ResolvedTrainSettings"/> holds the final values.
/// </summary>
public sealed record TrainSettings
{
    public string? Data { get; init; }
    public string? Validation { get; init; }
    public float? ValidationFraction { get; init; }
    public string? Arch { get; init; }
    public string? Backbone { get; init; }
    /// <summary>More catalog backbones whose features are concatenated (a repeated --arch).</summary>
    public string[]? AdditionalArchs { get; init; }
    /// <summary>More local backbones whose features are concatenated (a repeated --backbone).</summary>
    public string[]? AdditionalBackbones { get; init; }
    public string? Output { get; init; }

    private bool NamesBackbone => Arch is not null || Backbone is not null || AdditionalArchs is not null || AdditionalBackbones is not null;
    public int? Epochs { get; init; }
    public int? BatchSize { get; init; }
    public float? LearningRate { get; init; }
    public int? Seed { get; init; }
    public string? CacheDir { get; init; }
    public bool? Offline { get; init; }
    public string? Mirror { get; init; }
    public bool? NoCache { get; init; }
    public bool? BalanceClasses { get; init; }
    public float? LabelSmoothing { get; init; }
    public int? EarlyStoppingPatience { get; init; }
    public int? Threads { get; init; }
    /// <summary>"cpu", "cuda" or "cuda:N": where the backbone runs (ONNX Runtime, or the engine given).</summary>
    public string? Device { get; init; }
    /// <summary>"onnx" (ONNX Runtime) or "torch" (the TorchSharp engine, which can fine-tune).</summary>
    public string? Engine { get; init; }
    /// <summary>Backbone blocks to fine-tune with the head (needs the torch engine).</summary>
    public int? Unfreeze { get; init; }
    /// <summary>"float32" or "int8".</summary>
    public string? Precision { get; init; }

    /// <summary>Each value of <paramref name="overrides"/> that is set replaces this one's.</summary>
    public TrainSettings OverriddenBy(TrainSettings overrides) => new()
    {
        Data = overrides.Data ?? Data,
        Validation = overrides.Validation ?? Validation,
        ValidationFraction = overrides.ValidationFraction ?? ValidationFraction,
        // Backbones named on the command line replace the config's backbones, however either names them.
        Arch = overrides.NamesBackbone ? overrides.Arch : Arch,
        Backbone = overrides.NamesBackbone ? overrides.Backbone : Backbone,
        AdditionalArchs = overrides.NamesBackbone ? overrides.AdditionalArchs : AdditionalArchs,
        AdditionalBackbones = overrides.NamesBackbone ? overrides.AdditionalBackbones : AdditionalBackbones,
        Output = overrides.Output ?? Output,
        Epochs = overrides.Epochs ?? Epochs,
        BatchSize = overrides.BatchSize ?? BatchSize,
        LearningRate = overrides.LearningRate ?? LearningRate,
        Seed = overrides.Seed ?? Seed,
        CacheDir = overrides.CacheDir ?? CacheDir,
        Offline = overrides.Offline ?? Offline,
        Mirror = overrides.Mirror ?? Mirror,
        NoCache = overrides.NoCache ?? NoCache,
        BalanceClasses = overrides.BalanceClasses ?? BalanceClasses,
        LabelSmoothing = overrides.LabelSmoothing ?? LabelSmoothing,
        EarlyStoppingPatience = overrides.EarlyStoppingPatience ?? EarlyStoppingPatience,
        Threads = overrides.Threads ?? Threads,
        Device = overrides.Device ?? Device,
        Engine = overrides.Engine ?? Engine,
        Unfreeze = overrides.Unfreeze ?? Unfreeze,
        Precision = overrides.Precision ?? Precision,
    };
}
