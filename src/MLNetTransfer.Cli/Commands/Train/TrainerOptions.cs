using Microsoft.ML.Trainers;
using MLNetTransfer.Engines;
using MLNetTransfer.Featurization;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>Maps the CLI's settings onto the library trainer's options.</summary>
public static class TrainerOptions
{
    public static ImageClassificationTrainer.Options Create(ResolvedTrainSettings settings, BackboneChoice backbone, IBackboneEngine? engine = null) => new()
    {
        Engine = engine,
        UnfrozenBlocks = settings.Unfreeze,
        Precision = settings.Precision,
        FeatureColumnName = TrainingData.ImageColumn,
        LabelColumnName = TrainingData.LabelKeyColumn,
        ImageNameColumnName = "ImagePath",
        BackbonePath = backbone.Path,
        BackboneSpec = backbone.Spec,
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
        Featurizer = new FeaturizerOptions
        {
            CacheDirectory = settings.CacheDir is null ? null : Path.Combine(settings.CacheDir, "bottlenecks"),
            UseCache = !settings.NoCache,
            DecodeThreads = settings.Threads,
            OnnxThreads = settings.Threads,
        },
    };
}
