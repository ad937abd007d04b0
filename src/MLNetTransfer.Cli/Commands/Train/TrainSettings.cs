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
    /// <summary>More catalog backbones whose features are concatenated: the further values of --arch (one flag, see <see cref="TrainFlags"/>).</summary>
    internal string[]? AdditionalArchs { get; init; }
    /// <summary>More local backbones whose features are concatenated: the further values of --backbone.</summary>
    internal string[]? AdditionalBackbones { get; init; }
    public string? Output { get; init; }
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
    /// <summary>A feature store (from 'featurize --store') to read every bottleneck from instead of computing it.</summary>
    public string? Store { get; init; }
    /// <summary>Views each training photo is featurized in (1 = the plain photo).</summary>
    public int? Views { get; init; }
    /// <summary>Refit the head on all photos once the held-out split has chosen the epoch count.</summary>
    public bool? Refit { get; init; }

    private bool NamesBackbone => Arch is not null || Backbone is not null || AdditionalArchs is not null || AdditionalBackbones is not null;

    /// <summary>Each value of <paramref name="overrides"/> that is set replaces this one's.</summary>
    public TrainSettings OverriddenBy(TrainSettings overrides)
    {
        var merged = TrainFlags.All.Aggregate(this, (settings, flag) => flag.Override(settings, overrides));
        // Backbones named on the command line replace the config's backbones, however either names them.
        if (overrides.NamesBackbone)
        {
            merged = merged with
            {
                Arch = overrides.Arch,
                Backbone = overrides.Backbone,
                AdditionalArchs = overrides.AdditionalArchs,
                AdditionalBackbones = overrides.AdditionalBackbones,
            };
        }
        return merged;
    }

    /// <summary>The first value and the further ones of a repeatable flag as one list; null when none.</summary>
    internal static string[]? Join(string? first, string[]? rest) => first is null ? rest : [first, .. rest ?? []];
}
