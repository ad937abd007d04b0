using Microsoft.ML.Trainers;
using MLNetTransfer.Backbones;
using MLNetTransfer.Engines;
using MLNetTransfer.Evaluation;
using MLNetTransfer.Featurization;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>Maps the CLI's settings onto the library trainer's options.</summary>
internal static class TrainerOptions
{
    private const int CudaRunners = 2;
    private const int CudaBatchSize = 32;

    public static ImageClassificationTrainer.Options Create(ResolvedTrainSettings settings, ResolvedBackbone backbone, IBackboneEngine? engine = null,
        IReadOnlyList<ResolvedBackbone>? additionalBackbones = null) => new()
    {
        AdditionalBackbones = (additionalBackbones ?? []).Select(b => new ImageClassificationTrainer.AdditionalBackbone(b)).ToArray(),
        Engine = engine,
        UnfrozenBlocks = settings.Unfreeze,
        Precision = settings.Precision,
        Views = settings.Views,
        RefitOnAllData = settings.Refit,
        FeatureColumnName = TrainingData.PathColumn,
        LabelColumnName = TrainingData.LabelKeyColumn,
        ImageNameColumnName = TrainingData.PathColumn,
        BackbonePath = backbone.Path,
        BackboneSpec = backbone.Spec,
        ResolvedBackbone = backbone,
        Download = BackboneChoice.DownloadOptions(settings),
        Epoch = settings.Epochs,
        BatchSize = settings.BatchSize,
        LearningRate = settings.LearningRate,
        LearningRateScheduler = new ExponentialLRDecay(settings.LearningRate),
        EarlyStoppingCriteria = settings.EarlyStoppingPatience == 0 ? null : new ImageClassificationTrainer.EarlyStopping(patience: settings.EarlyStoppingPatience),
        ValidationSetFraction = settings.ValidationFraction > 0 ? settings.ValidationFraction : null,
        Seed = settings.Seed,
        BalanceClasses = settings.BalanceClasses,
        LabelSmoothing = settings.LabelSmoothing,
        // Five more head trainings on the cached bottlenecks: seconds, and the report can then point at mislabelled images.
        LabelNoiseFolds = LabelNoiseFinder.DefaultFolds,
        Featurizer = new FeaturizerOptions
        {
            // A feature store is a bottleneck cache root: the same lookup reads its packs, and nothing is computed.
            CacheDirectory = settings.Store ?? (settings.CacheDir is null ? null : Path.Combine(settings.CacheDir, "bottlenecks")),
            FromStoreOnly = settings.Store is not null,
            UseCache = !settings.NoCache,
            DecodeThreads = settings.Threads,
            Device = settings.ExecutionDevice,
            // On a GPU each Run is one batch on the device: a few large batches rather than one image per core.
            OnnxThreads = settings.ExecutionDevice.IsCuda ? CudaRunners : settings.Threads,
            BatchSize = settings.ExecutionDevice.IsCuda ? CudaBatchSize : 1,
        },
    };
}
