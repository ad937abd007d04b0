using System.Diagnostics;
using Microsoft.ML;
using MLNetTransfer.Backbones;
using MLNetTransfer.Engines;
using MLNetTransfer.Featurization;
using MLNetTransfer.Preprocessing;
using MLNetTransfer.Training;

namespace MLNetTransfer.Vision;

/// <summary>
/// Fine-tuning (UnfrozenBlocks &gt; 0): the engine trains the head and the backbone's top blocks on all training
/// pixels, held in memory; the saved model and the exported ONNX are then built on the fine-tuned backbone, so they
/// run on ONNX Runtime everywhere. No bottleneck cache: the backbone changes, so stored features would be wrong.
/// </summary>
public sealed partial class ImageClassificationTrainer
{
    private ImageClassificationModel FineTune(IBackboneEngine engine, IDataView trainData, LabeledImageSource trainSource,
        LabeledImageSource? validationSource, string[] classNames, ResolvedBackbone backbone, TimeSpan resolveTime,
        CancellationToken cancellationToken)
    {
        var spec = backbone.Spec;
        var preprocessing = new ImagePreprocessing(_mlContext, spec);
        var skipped = new List<SkippedImage>();

        // The validation set first, as in head-only training.
        var lap = Stopwatch.StartNew();
        var validation = validationSource is null ? null
            : ReadPixels(validationSource, ImageClassificationMetrics.Dataset.Validation, preprocessing, skipped, cancellationToken);
        var validationTime = lap.Elapsed;
        lap.Restart();
        var train = ReadPixels(trainSource, ImageClassificationMetrics.Dataset.Train, preprocessing, skipped, cancellationToken);
        var trainTime = lap.Elapsed;

        var trainLabels = UsableLabels(train.Indices, trainSource, skipped);
        var warnings = TrainingDataChecks.Check(trainLabels, classNames, weighted: false).Concat(IgnoredHeadOptions()).ToArray();

        var trainPixels = train.Pixels;
        var validationPixels = validation?.Pixels;
        var validationLabels = validation?.Indices.Select(i => validationSource!.Labels[i]).ToArray();
        var validationNames = validation?.Indices.Select(i => validationSource!.Names[i]).ToArray();
        if (validation is null && _options.ValidationSetFraction is > 0f)
        {
            var (trainRows, validationRows) = StratifiedSplit.Split(trainLabels, _options.ValidationSetFraction.Value, _seed);
            validationPixels = train.Gather(validationRows);
            validationLabels = validationRows.Select(r => trainLabels[r]).ToArray();
            validationNames = validationRows.Select(r => trainSource.Names[train.Indices[r]]).ToArray();
            trainPixels = train.Gather(trainRows);
            trainLabels = trainRows.Select(r => trainLabels[r]).ToArray();
        }

        cancellationToken.ThrowIfCancellationRequested();
        lap.Restart();
        var tuned = engine.FineTune(new BackboneFineTuneRequest
        {
            Backbone = backbone.Bytes,
            Spec = spec,
            Source = backbone.Path,
            Pixels = trainPixels,
            Labels = trainLabels,
            ClassCount = classNames.Length,
            UnfrozenBlocks = _options.UnfrozenBlocks,
            Epochs = _options.Epoch,
            BatchSize = _options.BatchSize,
            LearningRate = _options.LearningRate,
            Seed = _seed,
            Progress = EpochProgress(trainLabels.Length),
        });
        var head = new LinearHead(classNames.Length, tuned.FeatureCount, tuned.HeadWeights, tuned.HeadBias);
        var history = tuned.Epochs.Select(e => new EpochRecord(e.Epoch - 1, _options.LearningRate, (float)e.Accuracy, (float)e.CrossEntropy, null, null)).ToArray();
        var training = new HeadTrainingResult(head, history, BestEpoch: history.Length - 1, StoppedEarly: false);

        // Validation rows are scored on the fine-tuned backbone's features: what the saved model computes.
        var evaluation = validationPixels is null || validationLabels is not { Length: > 0 } ? null
            : Evaluate(head, classNames, engine.Featurize(tuned.Backbone, spec, validationPixels, validationLabels.Length), validationLabels, validationNames!);
        var tuneTime = lap.Elapsed;

        lap.Restart();
        var (transformer, classifier, description) = BuildModel(trainData, trainSource, classNames, preprocessing,
            backbone.WithBytes(tuned.Backbone), backbone.Hash, head);
        var buildTime = lap.Elapsed;

        return new ImageClassificationModel(transformer, classifier, description, training, evaluation, skipped, warnings,
            Summary(train, trainSource), validation is null ? null : Summary(validation, validationSource!),
            new TrainingTimings(resolveTime, trainTime, validationTime, tuneTime, buildTime))
        {
            RebuildTransformer = Rebuilder(preprocessing, classNames),
        };
    }

    /// <summary>Head-only options the engine's fine-tuning does not use: said, not silently dropped.</summary>
    private IEnumerable<string> IgnoredHeadOptions()
    {
        var ignored = new List<string>();
        if (_options.BalanceClasses || _options.ClassWeights is not null) ignored.Add("class weights (BalanceClasses, ClassWeights)");
        if (_options.LabelSmoothing > 0) ignored.Add("LabelSmoothing");
        if (ignored.Count > 0)
            yield return $"Fine-tuning (UnfrozenBlocks = {_options.UnfrozenBlocks}) does not apply {string.Join(" or ", ignored)}; they apply to head-only training.";
    }

    /// <summary>Each fine-tuning epoch reported as Vision reports a training epoch.</summary>
    private IProgress<BackboneFineTuneEpoch>? EpochProgress(int trainCount) => MetricsCallback is not { } callback ? null
        : new InlineProgress<BackboneFineTuneEpoch>(e => callback(new ImageClassificationMetrics
        {
            Train = new TrainMetrics
            {
                DatasetUsed = ImageClassificationMetrics.Dataset.Train,
                BatchProcessedCount = (trainCount + _options.BatchSize - 1) / _options.BatchSize,
                Epoch = e.Epoch - 1,
                Accuracy = (float)e.Accuracy,
                CrossEntropy = (float)e.CrossEntropy,
                LearningRate = _options.LearningRate,
            },
        }));

    private static FeaturizeSummary Summary(PixelReadResult pixels, LabeledImageSource source) =>
        new(pixels.Count + pixels.Skipped.Count + source.Unlabeled.Count, pixels.Count, 0, pixels.Skipped.Count + source.Unlabeled.Count, pixels.Elapsed);
}
