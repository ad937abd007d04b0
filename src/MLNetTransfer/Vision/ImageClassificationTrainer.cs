using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Runtime;
using MLNetTransfer.Evaluation;
using MLNetTransfer.Backbones;
using MLNetTransfer.Featurization;
using MLNetTransfer.Onnx;
using MLNetTransfer.Preprocessing;
using MLNetTransfer.Scoring;
using MLNetTransfer.Training;

namespace MLNetTransfer.Vision;

/// <summary>
/// Trains an image classifier on top of a pretrained ONNX backbone, the job of Microsoft.ML.Vision's
/// ImageClassificationTrainer: featurize every image once (bottlenecks, cached on disk by content), train a
/// softmax head on the features, and return a pipeline of stock ML.NET components that scores images as bytes or
/// paths. Fit returns a chain that mlContext.Model.Save/Load handle with no extra registration.
/// With <see cref="Options.Engine"/> set, an engine (e.g. TorchSharp on a GPU) featurizes or, with
/// <see cref="Options.UnfrozenBlocks"/> &gt; 0, fine-tunes the backbone (ImageClassificationTrainer.FineTune.cs).
/// </summary>
public sealed partial class ImageClassificationTrainer : IEstimator<TransformerChain<ITransformer>>
{
    /// <summary>Vision's name for the trainer's host and log channel: MLContext.Log lines start "[Source=ImageClassificationTrainer; ImageClassificationTrainer,".</summary>
    private const string LogName = "ImageClassificationTrainer";

    private readonly Options _options;
    private readonly int _seed;
    private readonly MLContext _mlContext;

    // Without a MetricsCallback, progress goes to MLContext.Log as Vision writes it: started with the trainer, never closed.
    private readonly IChannel? _log;

    public ImageClassificationTrainer(MLContext mlContext, Options options)
        : this((IHostEnvironment)mlContext, options)
    {
    }

    internal ImageClassificationTrainer(IHostEnvironment environment, Options options)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        // The host's random draws the seed, so that new MLContext(seed: 1) gives the same model every time.
        var host = environment.Register(LogName);
        _options = options;
        _seed = options.Seed ?? host.Rand.Next();
        _mlContext = new MLContext(_seed);
        if (options.MetricsCallback is null)
            _log = host.Start(LogName);
    }

    /// <summary>The program's callback, or else the MLContext log (as Trace lines, each the metrics' text).</summary>
    private Action<ImageClassificationMetrics>? MetricsCallback => _options.MetricsCallback ?? (_log is null ? null : WriteToLog);

    // What Vision's logger.Trace(text) does: a Trace message of unknown sensitivity, the text taken as is (not a format).
    private void WriteToLog(ImageClassificationMetrics metrics) => _log!.Trace(MessageSensitivity.Unknown, metrics.ToString());

    public TransformerChain<ITransformer> Fit(IDataView input) => Fit(input, _options.ValidationSet);

    /// <summary>Trains with an explicit validation set, as Microsoft.ML.Vision's Fit(train, validation).</summary>
    public TransformerChain<ITransformer> Fit(IDataView trainData, IDataView? validationData) =>
        Train(trainData, validationData).Transformer;

    /// <summary>Fit, returning the whole result: transformer, classifier graph, history, skipped images, timings.</summary>
    public ImageClassificationModel Train(IDataView trainData, IDataView? validationData = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainData);
        CheckEngineOptions();
        CheckViewOptions();
        // An unsupported scheduler fails here, not after featurizing.
        if (_options.LearningRateScheduler is { } scheduler)
            _ = LearningRateSchedule.For(scheduler);
        validationData ??= _options.ValidationSet;
        var clock = Stopwatch.StartNew();

        var trainSource = new LabeledImageSource(trainData, _options.LabelColumnName, _options.FeatureColumnName,
            _options.ImageNameColumnName, "train");
        var classNames = ImageColumnSchema.ClassNames(trainData.Schema[_options.LabelColumnName]);
        var validationSource = validationData is null ? null : new LabeledImageSource(validationData,
            _options.LabelColumnName, _options.FeatureColumnName, _options.ImageNameColumnName, "validation");
        if (validationSource is not null && validationSource.ClassCount != classNames.Length)
        {
            throw new ArgumentException($"The validation label key has {validationSource.ClassCount} values but the train label key has " +
                $"{classNames.Length}; map both with the same MapValueToKey transformer.");
        }

        var floatBackbone = _options.ResolvedBackbone ?? BackboneResolver.Resolve(new BackboneRequest
        {
            Path = _options.BackbonePath,
            Spec = _options.BackboneSpec,
            CatalogName = _options.Arch.ToString(),
            Download = _options.Download,
        }, cancellationToken: cancellationToken);
        var floatAdditional = ResolveAdditionalBackbones(floatBackbone, cancellationToken);
        var int8 = ApplyPrecision(trainSource, floatBackbone, cancellationToken);
        var backbone = int8 is null ? floatBackbone : ResolvedBackbone.Load(int8.Path, int8.Spec, "int8");
        var int8Additional = floatAdditional.Select(b => ApplyPrecision(trainSource, b, cancellationToken)).ToArray();
        var additional = floatAdditional.Select((b, i) => int8Additional[i] is { } q ? ResolvedBackbone.Load(q.Path, q.Spec, "int8") : b).ToArray();
        var spec = backbone.Spec;
        var resolveTime = clock.Elapsed;
        if (_options.Engine is { } tuningEngine && _options.UnfrozenBlocks > 0)
            return FineTune(tuningEngine, trainData, trainSource, validationSource, classNames, backbone, resolveTime, cancellationToken);

        // An engine computes features from pixels in memory; ONNX Runtime streams and caches them on disk.
        var engine = _options.Engine;
        using var featurizer = engine is null && additional.Length == 0 ? new BottleneckFeaturizer(_mlContext, backbone, FeaturizerOptions()) : null;
        using var concatenated = additional.Length == 0 ? null : new ConcatenatedFeaturizer(_mlContext, [backbone, .. additional], FeaturizerOptions());
        var preprocessing = featurizer?.Preprocessing ?? concatenated?.Parts[0].Preprocessing ?? new ImagePreprocessing(_mlContext, spec);
        var skipped = new List<SkippedImage>();
        FeaturizeResult FeaturizeSet(LabeledImageSource source, ImageClassificationMetrics.Dataset dataset) =>
            concatenated is not null ? FeaturizeConcatenated(concatenated, source, dataset, skipped, cancellationToken)
            : featurizer is null ? FeaturizeWithEngine(engine!, backbone.Bytes, spec, preprocessing, source, dataset, skipped, cancellationToken)
            : Featurize(featurizer, source, dataset, skipped, cancellationToken);

        // The validation set first, as Vision featurizes (and reports) them.
        var lap = Stopwatch.StartNew();
        var validation = validationSource is null ? null : FeaturizeSet(validationSource, ImageClassificationMetrics.Dataset.Validation);
        var validationTime = lap.Elapsed;

        lap.Restart();
        var train = FeaturizeSet(trainSource, ImageClassificationMetrics.Dataset.Train);
        // Each further view of the training photos: its own pass, cached under its own key; skips were reported by the plain pass.
        var extraViews = TrainingViews().Skip(1)
            .Select(view => featurizer!.Featurize(trainSource.Images(), view, ImageProgress(ImageClassificationMetrics.Dataset.Train), cancellationToken))
            .ToArray();
        var trainTime = lap.Elapsed;

        var trainLabels = UsableLabels(train.Indices, trainSource, skipped);
        var warnings = TrainingDataChecks.Check(trainLabels, classNames, _options.BalanceClasses || _options.ClassWeights is not null)
            .Concat(DuplicateImageCheck.Check(train, trainSource.Labels, trainSource.Names, validation, validationSource?.Names, classNames))
            .Concat(train.CacheWarnings.Concat(validation?.CacheWarnings ?? []).Distinct()
                .Select(w => $"Bottleneck cache: {w}. Training went on; those bottlenecks will be computed again next time."))
            .ToArray();

        var views = new AugmentedTrainingRows(train, extraViews);
        var allPhotoRows = Enumerable.Range(0, train.Count).ToArray();
        var photoLabels = trainLabels;
        float[] trainFeatures = train.Features;
        float[]? validationFeatures = validation?.Features;
        int[]? validationLabels = validation?.Indices.Select(i => validationSource!.Labels[i]).ToArray();
        string[]? validationNames = validation?.Indices.Select(i => validationSource!.Names[i]).ToArray();
        int[]? trainRowsKept = null;
        var (validationOrigin, validationOriginRows) = (validationSource, validation?.Indices);
        if (validation is null && _options.ValidationSetFraction is > 0f)
        {
            var (trainRows, validationRows) = StratifiedSplit.Split(trainLabels, _options.ValidationSetFraction.Value, _seed);
            if (validationRows.Length == 0)
            {
                // Too few photos per class for the share to round to one: train as with no validation set, and say so.
                warnings = [.. warnings, $"ValidationSetFraction {_options.ValidationSetFraction.Value.ToString(CultureInfo.InvariantCulture)} holds out no photo of {trainLabels.Length} " +
                    "(too few per class): the head trained on every photo without validation; give a validation set or a larger fraction for metrics."];
            }
            else
            {
                trainRowsKept = trainRows;
                validationFeatures = Gather(train, validationRows);
                validationLabels = validationRows.Select(r => trainLabels[r]).ToArray();
                validationNames = validationRows.Select(r => trainSource.Names[train.Indices[r]]).ToArray();
                (validationOrigin, validationOriginRows) = (trainSource, validationRows.Select(r => train.Indices[r]).ToArray());
                trainFeatures = Gather(train, trainRows);
                trainLabels = trainRows.Select(r => trainLabels[r]).ToArray();
            }
        }

        // Plain rows of the photos the head trains on (label noise and class counts speak of photos); then every view of them.
        var (plainTrainFeatures, plainTrainLabels) = (trainFeatures, trainLabels);
        if (extraViews.Length > 0)
            (trainFeatures, trainLabels) = views.Gather(trainRowsKept ?? allPhotoRows, photoLabels);

        lap.Restart();
        var result = SoftmaxHeadTrainer.Train(trainFeatures, trainLabels, train.FeatureCount, classNames.Length,
            validationFeatures, validationLabels, HeadOptions(trainLabels, classNames.Length), cancellationToken);
        var selected = result;
        RefitReport? refit = null;
        if (_options.RefitOnAllData && trainRowsKept is not null)
            (result, refit) = Refit(selected, views, allPhotoRows, photoLabels, classNames.Length, trainRowsKept.Length, cancellationToken);
        var headTime = lap.Elapsed;
        // The held-out photos judge the head the split chose: after a refit they are training photos, so not the refit head.
        var evaluation = validationFeatures is null || validationLabels is { Length: 0 } ? null
            : Evaluate(selected.Head, classNames, validationFeatures, validationLabels!, validationNames!);
        var labelNoise = _options.LabelNoiseFolds >= 2
            ? LabelNoiseFinder.Find(plainTrainFeatures, plainTrainLabels, TrainNames(train, trainSource, trainRowsKept), train.FeatureCount, classNames.Length,
                FoldHeadOptions(plainTrainLabels, classNames.Length, selected), _options.LabelNoiseFolds, cancellationToken)
            : null;

        var precision = int8 is null ? null : ComparePrecision(int8, int8Additional.Any(q => q?.Quantized == true), [floatBackbone, .. floatAdditional],
            result.Head, validationFeatures, validationLabels, validationOrigin, validationOriginRows, cancellationToken);
        if (precision?.Warning is { } precisionWarning)
            warnings = [.. warnings, precisionWarning];

        lap.Restart();
        var (transformer, classifier, description) = BuildModel(trainData, trainSource, classNames, preprocessing, backbone,
            backbone.Hash, result.Head, additional);
        var buildTime = lap.Elapsed;

        return new ImageClassificationModel(transformer, classifier, description, result, evaluation, skipped, warnings,
            FeaturizeSummary.From(train, trainSource.Unlabeled.Count),
            validation is null ? null : FeaturizeSummary.From(validation, validationSource!.Unlabeled.Count),
            new TrainingTimings(resolveTime, trainTime, validationTime, headTime, buildTime))
        {
            TrainClassCounts = Enumerable.Range(0, classNames.Length).Select(c => (refit is null ? plainTrainLabels : photoLabels).Count(l => l == c)).ToArray(),
            LabelNoise = labelNoise,
            RebuildTransformer = Rebuilder(preprocessing, classNames),
            Precision = precision,
            Views = TrainingViews().Count,
            Refit = refit,
        };
    }

    /// <summary>Refuses a view count out of range, or views with an engine (which featurizes in memory, without per-view caches), before any work.</summary>
    private void CheckViewOptions()
    {
        if (_options.Views < 1 || _options.Views > ImageView.MaxCount)
            throw new ArgumentOutOfRangeException(nameof(Options.Views), _options.Views, $"Views must be 1 (the plain photo) to {ImageView.MaxCount}.");
        if (_options.Engine is not null && _options.Views > 1)
        {
            throw new ArgumentException($"Views = {_options.Views} featurizes each view through the bottleneck cache of ONNX Runtime; " +
                "an Engine computes features itself. Use Views = 1 with an Engine.");
        }
    }

    /// <summary>The views each training photo is featurized in: the first <see cref="Options.Views"/> of <see cref="ImageView.All"/>.</summary>
    private IReadOnlyList<ImageView> TrainingViews() => ImageView.First(_options.Views);

    /// <summary>
    /// Trains the head once more on every photo (every view of each), for the epoch count the held-out photos chose and
    /// with nothing held out: no photo is left unused by the saved model.
    /// </summary>
    private (HeadTrainingResult, RefitReport) Refit(HeadTrainingResult selected, AugmentedTrainingRows views, int[] allPhotoRows,
        int[] photoLabels, int classCount, int keptPhotos, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var (features, labels) = views.Gather(allPhotoRows, photoLabels);
        var options = HeadOptions(labels, classCount);
        options.Epoch = selected.BestEpoch + 1;
        options.EarlyStoppingCriteria = null;
        // The split run already reported its epochs; the refit's would read as a second, unrelated run.
        options.MetricsCallback = null;
        var refit = SoftmaxHeadTrainer.Train(features, labels, views.FeatureCount, classCount, options, cancellationToken);
        var report = new RefitReport(allPhotoRows.Length, labels.Length, options.Epoch, allPhotoRows.Length - keptPhotos, clock.Elapsed);
        return (selected with { Head = refit.Head }, report);
    }

    /// <summary>Names of the rows the head trained on: every featurized row, or those kept after holding out validation rows.</summary>
    private static string[] TrainNames(FeaturizeResult train, LabeledImageSource source, int[]? keptRows) =>
        (keptRows ?? Enumerable.Range(0, train.Count).ToArray()).Select(r => source.Names[train.Indices[r]]).ToArray();

    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        var label = inputSchema.FirstOrDefault(c => c.Name == _options.LabelColumnName);
        if (label.Name is null || !label.IsKey)
            throw new ArgumentException($"The input needs a key-typed label column '{_options.LabelColumnName}'.");
        if (!inputSchema.Any(c => c.Name == _options.FeatureColumnName))
            throw new ArgumentException($"The input has no image column '{_options.FeatureColumnName}'.");

        // SchemaShape.Column has no public constructor, so let stock estimators describe the two added columns:
        // PredictedLabel is a key shaped like the label (with its values); Score a float vector of one slot per class.
        return _mlContext.Transforms.CopyColumns(_options.PredictedLabelColumnName, _options.LabelColumnName)
            .Append(_mlContext.Transforms.Conversion.MapKeyToVector(_options.ScoreColumnName, _options.LabelColumnName))
            .GetOutputSchema(inputSchema);
    }

    private FeaturizeResult Featurize(BottleneckFeaturizer featurizer, LabeledImageSource source,
        ImageClassificationMetrics.Dataset dataset, List<SkippedImage> skipped, CancellationToken cancellationToken)
    {
        var result = featurizer.Featurize(source.Images(), ImageProgress(dataset), cancellationToken);
        RecordSkipped(source.Unlabeled.Concat(result.Skipped), skipped);
        return result;
    }

    /// <summary>
    /// Reports each image to FeaturizeProgress and, as Vision reports a bottleneck, to the metrics callback: Index counts the
    /// set's featurized images from 1 (skipped images are not counted).
    /// </summary>
    private IProgress<FeaturizeProgress>? ImageProgress(ImageClassificationMetrics.Dataset dataset)
    {
        var callback = MetricsCallback;
        var userProgress = _options.FeaturizeProgress;
        var setProgress = _options.SetProgress;
        if (callback is null && userProgress is null && setProgress is null)
            return null;
        int reported = 0;
        return new InlineProgress<FeaturizeProgress>(p =>
        {
            userProgress?.Report(p);
            setProgress?.Invoke(dataset, p);
            // The featurizer's threads may report out of order: each index is reported once, counting up to the highest seen.
            for (int featurized = p.FromCache + p.Computed; callback is not null && reported < featurized;)
            {
                callback(new ImageClassificationMetrics
                {
                    Bottleneck = new BottleneckMetrics { DatasetUsed = dataset, Index = ++reported },
                });
            }
        });
    }

    private void RecordSkipped(IEnumerable<SkippedImage> images, List<SkippedImage> skipped)
    {
        foreach (var image in images)
        {
            skipped.Add(image);
            _options.SkippedImageCallback?.Invoke(image);
        }
    }

    /// <summary>Labels of the usable training rows; refuses a run where no image could be used.</summary>
    private static int[] UsableLabels(int[] indices, LabeledImageSource source, List<SkippedImage> skipped)
    {
        var labels = indices.Select(i => source.Labels[i]).ToArray();
        if (labels.Length == 0)
            throw new InvalidDataException($"No usable training image: all {skipped.Count} were skipped. First: {skipped.FirstOrDefault()}");
        return labels;
    }

    /// <summary>
    /// The saved pipeline and the standalone classifier, both built on <paramref name="backbone"/> (fine-tuned or not);
    /// the description names the backbone by <paramref name="backboneHash"/>, the file the run started from.
    /// </summary>
    private (Func<byte[], TransformerChain<ITransformer>>, byte[], ClassifierDescription) BuildModel(IDataView trainData, LabeledImageSource trainSource,
        string[] classNames, ImagePreprocessing preprocessing, ResolvedBackbone backbone, string backboneHash, LinearHead head,
        IReadOnlyList<ResolvedBackbone>? additional = null)
    {
        additional ??= [];
        var spec = backbone.Spec;
        var description = new ClassifierDescription
        {
            Classes = classNames,
            Input = new ClassifierDescription.InputDescription
            {
                Height = preprocessing.Height,
                Width = preprocessing.Width,
                MinShortSide = preprocessing.MinShortSide,
                Resize = preprocessing.ResizeDescription,
            },
            Backbone = new ClassifierDescription.BackboneDescription(spec.Name, backboneHash, spec),
            AdditionalBackbones = additional.Count == 0 ? null
                : additional.Select(b => new ClassifierDescription.BackboneDescription(b.Spec.Name, b.Hash, b.Spec)).ToArray(),
        };
        var metadata = new Dictionary<string, string> { ["mlnettransfer.description"] = description.ToJson() };
        var classifier = additional.Count == 0
            ? BackboneGraphBuilder.BuildClassifierFor(backbone, head.Weights, head.Bias, classNames.Length, metadata)
            : ConcatenatedGraphBuilder.BuildClassifier([backbone, .. additional], head.Weights, head.Bias, classNames.Length, metadata);
        // Built when first asked for (ImageClassificationModel.Transformer; Fit asks at once), around this classifier or a stand-in.
        TransformerChain<ITransformer> transformer(byte[] graph) => ScoringPipeline.Create(_mlContext, preprocessing, graph, classNames,
            _options.FeatureColumnName, trainSource.HoldsPaths, _options.ScoreColumnName, _options.PredictedLabelColumnName, trainData);
        return (transformer, classifier, description);
    }

    /// <summary>Builds the same scoring pipeline for another image column (bytes instead of paths, or the reverse).</summary>
    private Func<string, bool, IDataView, byte[], TransformerChain<ITransformer>> Rebuilder(ImagePreprocessing preprocessing,
        string[] classNames) => (column, holdsPaths, schema, classifier) => ScoringPipeline.Create(_mlContext, preprocessing, classifier, classNames,
            column, holdsPaths, _options.ScoreColumnName, _options.PredictedLabelColumnName, schema);

    /// <summary>The trained head's metrics on the validation rows, from their bottlenecks (what the saved model computes).</summary>
    private static EvaluationResult Evaluate(LinearHead head, IReadOnlyList<string> classNames, float[] features, int[] labels, string[] names)
    {
        var scored = new ScoredImage[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            var scores = new float[head.ClassCount];
            head.Score(features.AsSpan(i * head.FeatureCount, head.FeatureCount), scores);
            scored[i] = new ScoredImage(names[i], labels[i], scores);
        }
        return ClassificationEvaluator.Evaluate(classNames, scored);
    }

    private static float[] Gather(FeaturizeResult result, int[] rows)
    {
        var matrix = new float[rows.Length * result.FeatureCount];
        for (var i = 0; i < rows.Length; i++)
            result.Row(rows[i]).CopyTo(matrix.AsSpan(i * result.FeatureCount));
        return matrix;
    }

    private FeaturizerOptions FeaturizerOptions()
    {
        var options = _options.Featurizer ?? new FeaturizerOptions();
        if (options.CacheDirectory is null && _options.WorkspacePath is { } workspace)
            options = options with { CacheDirectory = Path.Combine(workspace, "bottlenecks") };
        return options;
    }

    /// <summary>The head's settings, trained as long as the kept head was (to its best epoch), so fold heads are as confident as it.</summary>
    private HeadTrainingOptions FoldHeadOptions(int[] trainLabels, int classCount, HeadTrainingResult trained)
    {
        var options = HeadOptions(trainLabels, classCount);
        options.Epoch = trained.BestEpoch + 1;
        return options;
    }

    private HeadTrainingOptions HeadOptions(int[] trainLabels, int classCount) => new()
    {
        Epoch = _options.Epoch,
        BatchSize = _options.BatchSize,
        LearningRate = _options.LearningRate,
        LearningRateScheduler = _options.LearningRateScheduler,
        EarlyStoppingCriteria = _options.EarlyStoppingCriteria?.ToRule(),
        Momentum = _options.Momentum,
        L2Regularization = _options.L2Regularization,
        LabelSmoothing = _options.LabelSmoothing,
        ClassWeights = _options.ClassWeights ?? (_options.BalanceClasses ? ClassWeighting.Balanced(trainLabels, classCount) : null),
        ReshuffleEveryEpoch = _options.ReshuffleEveryEpoch,
        Seed = _seed,
        StandardizeFeatures = _options.StandardizeFeatures,
        MetricsCallback = MetricsCallback is { } callback ? m => callback(new ImageClassificationMetrics { Train = TrainMetrics.From(m) }) : null,
        TestOnTrainSet = _options.TestOnTrainSet,
    };
}
