using MLNetTransfer.Evaluation;
using Microsoft.ML;
using Microsoft.ML.Trainers;
using MLNetTransfer.Backbones;
using MLNetTransfer.Engines;
using MLNetTransfer.Featurization;
using MLNetTransfer.Quantization;
using MLNetTransfer.Training;

namespace MLNetTransfer.Vision;

public sealed partial class ImageClassificationTrainer
{
    /// <summary>
    /// The pretrained networks Microsoft.ML.Vision offers, with its values, plus <see cref="ResNet18"/>; each maps to a
    /// backbone of the catalog (<see cref="BackboneCatalog.ForArchitecture"/>).
    /// </summary>
    public enum Architecture
    {
        /// <summary>ResNet101 v2, downloaded on first use.</summary>
        ResnetV2101,
        /// <summary>Inception v3, downloaded on first use (its weights are not proven ImageNet-pretrained: see <c>backbones list</c>).</summary>
        InceptionV3,
        /// <summary>MobileNetV2, downloaded on first use.</summary>
        MobilenetV2,
        /// <summary>ResNet50 v2, downloaded on first use; Microsoft.ML.Vision's default, kept as the default of <see cref="Options.Arch"/>.</summary>
        ResnetV250,
        /// <summary>ML.NET's pretrained ResNet18: arrives with the package, never downloaded, works offline.</summary>
        ResNet18,
    }

    /// <summary>
    /// Options with the names and defaults of Microsoft.ML.Vision's ImageClassificationTrainer.Options, plus
    /// what that trainer lacks: any ONNX backbone, a content-keyed bottleneck cache, momentum, L2, label
    /// smoothing, class weights and explicit featurizer threading.
    /// </summary>
    public sealed class Options
    {
        /// <summary>The image column: encoded bytes (as LoadRawImageBytes makes) or a file path (text).</summary>
        public string FeatureColumnName = "Features";

        /// <summary>The label column; must be a key type (MapValueToKey).</summary>
        public string LabelColumnName = "Label";

        public string ScoreColumnName = "Score";

        public string PredictedLabelColumnName = "PredictedLabel";

        public int BatchSize = TrainingDefaults.BatchSize;

        public int Epoch = TrainingDefaults.Epochs;

        /// <summary>Used only when <see cref="LearningRateScheduler"/> is null.</summary>
        public float LearningRate = TrainingDefaults.LearningRate;

        public EarlyStopping? EarlyStoppingCriteria = new();

        /// <summary>
        /// The catalog backbone used when <see cref="BackbonePath"/> is not set. The default stays Microsoft.ML.Vision's
        /// ResnetV250, so a moved program keeps the network it was tuned with; <see cref="Architecture.ResNet18"/> needs
        /// no download, and a failed ResNet50 download says so.
        /// </summary>
        public Architecture Arch = Architecture.ResnetV250;

        /// <summary>
        /// Called with each featurized image (<see cref="ImageClassificationMetrics.Bottleneck"/>) and each epoch's metrics
        /// (<see cref="ImageClassificationMetrics.Train"/>). When null, as in Vision, the same texts go to the MLContext's log
        /// as Trace messages of source "ImageClassificationTrainer; ImageClassificationTrainer".
        /// </summary>
        public Action<ImageClassificationMetrics>? MetricsCallback;

        /// <summary>When there is no validation set, report per-epoch metrics on the train set.</summary>
        public bool TestOnTrainSet = true;

        /// <summary>
        /// Accepted for source compatibility. Bottlenecks are always reused when, and only when, the image bytes,
        /// the backbone file and the preprocessing are unchanged: the cache is keyed by their content.
        /// </summary>
        public bool ReuseTrainSetBottleneckCachedValues;

        /// <inheritdoc cref="ReuseTrainSetBottleneckCachedValues"/>
        public bool ReuseValidationSetBottleneckCachedValues;

        public IDataView? ValidationSet;

        /// <summary>Share of the train set held out for validation when no validation set is given (stratified by class).</summary>
        public float? ValidationSetFraction = TrainingDefaults.ValidationFraction;

        /// <summary>Folder for the bottleneck cache (under 'bottlenecks') unless <see cref="Featurizer"/> names one.</summary>
        public string? WorkspacePath;

        /// <summary>
        /// Accepted for source compatibility: Vision's prefix of the TensorFlow checkpoint files it writes in the workspace.
        /// This trainer writes no checkpoint files; the trained model is the returned transformer.
        /// </summary>
        public string FinalModelPrefix = "custom_retrained_model_based_on_";

        /// <summary>
        /// Accepted for source compatibility: Vision's file name for the train set's bottleneck values. Bottlenecks are cached
        /// per image, keyed by content (see <see cref="ReuseTrainSetBottleneckCachedValues"/>), not in one file per set.
        /// </summary>
        public string TrainSetBottleneckCachedValuesFileName = "trainSetBottleneckFile.csv";

        /// <inheritdoc cref="TrainSetBottleneckCachedValuesFileName"/>
        public string ValidationSetBottleneckCachedValuesFileName = "validationSetBottleneckFile.csv";

        /// <summary>
        /// The learning rate of each step: ML.NET's <see cref="ExponentialLRDecay"/> (default, with its defaults),
        /// <see cref="PolynomialLRDecay"/> or <see cref="LsrDecay"/> from namespace Microsoft.ML.Trainers, with all their
        /// settings honoured as Vision honours them; null trains with the constant <see cref="LearningRate"/>.
        /// </summary>
        public LearningRateScheduler? LearningRateScheduler = new ExponentialLRDecay();

        /// <summary>A local ONNX backbone to use instead of <see cref="Arch"/>; its spec is the sidecar JSON unless <see cref="BackboneSpec"/> is set.</summary>
        public string? BackbonePath;

        public BackboneSpec? BackboneSpec;

        /// <summary>
        /// More backbones whose features are concatenated after the main one's (<see cref="Arch"/> or <see cref="BackbonePath"/>):
        /// each featurizes with its own preprocessing and bottleneck cache, the head trains on the joined vector, and the saved
        /// model runs them all in one graph on one pixel tensor of the largest backbone's input size (a smaller backbone resizes it
        /// inside the graph, in training as in the app). With Precision = Int8 each is quantized; an Engine or Views above 1 is refused. Empty (default): one backbone.
        /// </summary>
        public IReadOnlyList<AdditionalBackbone> AdditionalBackbones = [];

        /// <summary>A backbone its caller already resolved (the CLI): used as is, so the file is read and hashed once per run.</summary>
        internal ResolvedBackbone? ResolvedBackbone;

        /// <summary>Where catalog backbones are cached and fetched from (mirror, offline, timeouts).</summary>
        public BackboneDownloadOptions? Download;

        /// <summary>Batch size and threads of the featurizer, cache folder, pixel limit.</summary>
        public FeaturizerOptions Featurizer = new();

        public float Momentum = TrainingDefaults.Momentum;

        public float L2Regularization = TrainingDefaults.L2Regularization;

        public float LabelSmoothing;

        /// <summary>One weight per class in key order; null weighs all classes equally unless <see cref="BalanceClasses"/>.</summary>
        public float[]? ClassWeights;

        /// <summary>Weigh classes inversely to their frequency, for imbalanced data.</summary>
        public bool BalanceClasses;

        public bool ReshuffleEveryEpoch = true;

        /// <summary>
        /// Centre each feature and divide all by one shared scale before training the head, so the learning rate means
        /// the same for every backbone; the saved head still takes raw features.
        /// </summary>
        public bool StandardizeFeatures = true;

        /// <summary>Seed of the head's initialization and shuffling; null derives it from the MLContext's seed.</summary>
        public int? Seed;

        /// <summary>A text column naming each row in messages (e.g. the image path); by default a text column whose name contains "path".</summary>
        public string? ImageNameColumnName;

        /// <summary>Called for each image that cannot be used, with the reason; such images are skipped, never silently.</summary>
        public Action<SkippedImage>? SkippedImageCallback;

        /// <summary>Featurizing progress, for progress bars.</summary>
        public IProgress<FeaturizeProgress>? FeaturizeProgress;

        /// <summary>
        /// <see cref="FeaturizeProgress"/> with the set being featurized, so a caller can keep each pass's counts apart
        /// (the validation set's last counts would otherwise be overwritten by the train set's first).
        /// </summary>
        internal Action<ImageClassificationMetrics.Dataset, FeaturizeProgress>? SetProgress;

        /// <summary>
        /// What runs the backbone in training: null (default) is ONNX Runtime on the CPU with the bottleneck cache;
        /// an engine (e.g. MLNetTransfer.Torch's TorchBackboneEngine on a GPU) gets the decoded pixels of every image,
        /// held in memory, and computes the features itself (no bottleneck cache). The saved model runs on ONNX Runtime either way.
        /// </summary>
        public IBackboneEngine? Engine;

        /// <summary>
        /// Blocks of the backbone to train with the head: 0 (default) trains the head only, as Microsoft.ML.Vision does.
        /// More needs an <see cref="Engine"/>; then <see cref="Epoch"/>, <see cref="BatchSize"/>, <see cref="LearningRate"/> (the head's)
        /// and <see cref="Seed"/> drive the engine's training, the model carries the fine-tuned backbone, and the head-only
        /// settings (scheduler, early stopping, momentum, L2, label smoothing, class weights, standardization) do not apply.
        /// </summary>
        public int UnfrozenBlocks;

        /// <summary>
        /// Folds of the out-of-fold check for mislabelled training images (<see cref="LabelNoiseFinder"/>): the head is
        /// trained this many more times on the cached bottlenecks. 0 (default) skips the check; 5 is a good value.
        /// </summary>
        public int LabelNoiseFolds;

        /// <summary>
        /// <see cref="BackbonePrecision.Int8"/> quantizes the backbone (calibrated on up to 200 training images, cached
        /// beside downloaded backbones) and trains and saves the model on it: featurizing and prediction run about twice
        /// as fast on CPUs with int8 dot products. The run then compares int8 with float32 on the validation images
        /// (<see cref="ImageClassificationModel.Precision"/>). A backbone already quantized is used as it is.
        /// </summary>
        public BackbonePrecision Precision = BackbonePrecision.Float32;

        /// <summary>Accuracy int8 may lose against float32 on the validation images before the run warns (0.01 = 1 point).</summary>
        public double Int8AccuracyTolerance = 0.01;

        /// <summary>
        /// Views each training photo is featurized in, 1 to 6: the plain centre crop, then its mirror image, then centre
        /// crops zoomed in 1.15x and 1.3x, each also mirrored (the first <c>Views</c> of these). Each view is cached under
        /// its own key and the head trains on all of them; validation photos and the saved model use the plain view.
        /// Featurizing takes about <c>Views</c> times as long on a cold cache. 1 (default) is Microsoft.ML.Vision's behaviour.
        /// </summary>
        public int Views = TrainingDefaults.Views;

        /// <summary>
        /// When no validation set is given: once the held-out share (<see cref="ValidationSetFraction"/>) has chosen the
        /// epoch count, train the head again on all the photos for that many epochs, so none is wasted
        /// (<see cref="ImageClassificationModel.Refit"/>). Off by default, as in Microsoft.ML.Vision; the CLI turns it on.
        /// </summary>
        public bool RefitOnAllData;

        /// <summary>How the int8 backbone is made (calibration sample, ranges, layers kept in float).</summary>
        internal QuantizationSettings Quantization = new();
    }
}
