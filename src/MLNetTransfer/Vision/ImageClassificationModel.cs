using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetTransfer.Backbones;
using MLNetTransfer.Evaluation;
using MLNetTransfer.Featurization;
using MLNetTransfer.Scoring;
using MLNetTransfer.Training;

namespace MLNetTransfer.Vision;

/// <summary>
/// Everything one training run produced: the ML.NET transformer that apps load, the standalone classifier graph,
/// the class names in label-key order, the per-epoch history, what was skipped and why, and the timings.
/// </summary>
public sealed class ImageClassificationModel
{
    private readonly Func<byte[], TransformerChain<ITransformer>> _pipelineFor;
    private readonly Lazy<TransformerChain<ITransformer>> _transformer;

    // The transformer is built on first use: a caller that saves another pipeline (the CLI saves one reading bytes), or
    // saves this one before reading it, never pays for ML.NET's ONNX Runtime session over the whole classifier.
    // pipelineFor: the trained pipeline around a given classifier graph (ClassifierOnnx, or a stand-in for saving).
    internal ImageClassificationModel(Func<byte[], TransformerChain<ITransformer>> pipelineFor, byte[] classifierOnnx, ClassifierDescription description,
        HeadTrainingResult training, EvaluationResult? validation, IReadOnlyList<SkippedImage> skipped, IReadOnlyList<string> warnings, FeaturizeSummary trainFeaturize,
        FeaturizeSummary? validationFeaturize, TrainingTimings timings)
    {
        _pipelineFor = pipelineFor;
        _transformer = new Lazy<TransformerChain<ITransformer>>(() => pipelineFor(classifierOnnx), LazyThreadSafetyMode.ExecutionAndPublication);
        ClassifierOnnx = classifierOnnx;
        Description = description;
        Training = training;
        Validation = validation;
        SkippedImages = skipped;
        Warnings = warnings;
        TrainFeaturize = trainFeaturize;
        ValidationFeaturize = validationFeaturize;
        Timings = timings;
    }

    /// <summary>With <see cref="ImageClassificationTrainer.Options.Precision"/> Int8: the int8 backbone used, and int8 against float32 on validation.</summary>
    public PrecisionReport? Precision { get; init; }

    /// <summary>Views each training photo was featurized in (<see cref="ImageClassificationTrainer.Options.Views"/>); 1 is the plain photo only.</summary>
    public int Views { get; internal init; } = 1;

    /// <summary>
    /// With <see cref="ImageClassificationTrainer.Options.RefitOnAllData"/> and a held-out split: the refit on all photos.
    /// Null when no refit ran (an explicit validation set, no split, or the option off).
    /// </summary>
    public RefitReport? Refit { get; internal init; }

    /// <summary>The fitted pipeline: save it with mlContext.Model.Save, load it with mlContext.Model.Load.</summary>
    public TransformerChain<ITransformer> Transformer => _transformer.Value;

    /// <summary>Backbone + head + softmax as one ONNX graph; input 'pixels', output 'Score'.</summary>
    public byte[] ClassifierOnnx { get; }

    internal ClassifierDescription Description { get; }

    public IReadOnlyList<string> ClassNames => Description.Classes;

    public BackboneSpec BackboneSpec => Description.Backbone.Spec;

    public HeadTrainingResult Training { get; }

    /// <summary>
    /// Metrics of the final head on the validation rows (the validation set, or the rows held out by
    /// ValidationSetFraction); null when there were none.
    /// </summary>
    public EvaluationResult? Validation { get; }

    public IReadOnlyList<SkippedImage> SkippedImages { get; }

    /// <summary>Things about the data that will hurt the model (empty or tiny classes, imbalance), with what to do.</summary>
    public IReadOnlyList<string> Warnings { get; }

    public FeaturizeSummary TrainFeaturize { get; }

    public FeaturizeSummary? ValidationFeaturize { get; }

    public TrainingTimings Timings { get; }

    /// <summary>Training images per class, in class order (after skipped images and any held-out validation rows).</summary>
    public IReadOnlyList<int> TrainClassCounts { get; internal init; } = [];

    /// <summary>
    /// Training images whose given label the out-of-fold heads found unlikely, worst first; null when the check did not
    /// run (<see cref="ImageClassificationTrainer.Options.LabelNoiseFolds"/> is 0, or the backbone was fine-tuned).
    /// </summary>
    public IReadOnlyList<LabelNoiseCandidate>? LabelNoise { get; internal init; }

    /// <summary>
    /// The same model reading its image from another column: (column name, true when it holds file paths, a data
    /// view with that column, the classifier graph). Lets a model trained on paths be saved as one that takes encoded
    /// bytes, through <see cref="ScoringModelZip"/>.
    /// </summary>
    internal Func<string, bool, IDataView, byte[], TransformerChain<ITransformer>>? RebuildTransformer { get; init; }

    /// <summary>Saves the ML.NET model (zip) atomically.</summary>
    public void Save(MLContext mlContext, DataViewSchema inputSchema, string path)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        // Not built yet: saved without ML.NET opening a session over the classifier just to write it.
        if (_transformer.IsValueCreated)
            AtomicFile.Write(path, stream => mlContext.Model.Save(Transformer, inputSchema, stream));
        else
            AtomicFile.Write(path, stream => ScoringModelZip.Write(mlContext, ClassifierOnnx, _pipelineFor, inputSchema, stream));
    }

    /// <summary>
    /// Writes the standalone classifier for plain ONNX Runtime, and beside it (same stem, .json) how to turn an
    /// image into its 'pixels' input and what its output means.
    /// </summary>
    public void ExportOnnx(string path)
    {
        AtomicFile.WriteAllBytes(path, ClassifierOnnx);
        AtomicFile.WriteAllText(Path.ChangeExtension(path, ".json"), Description.ToJson());
    }
}

/// <summary>Counts and time of one featurizing pass.</summary>
public sealed record FeaturizeSummary(int Images, int Computed, int FromCache, int Skipped, TimeSpan Elapsed)
{
    internal static FeaturizeSummary From(FeaturizeResult result, int unlabeled) =>
        new(result.Count + result.Skipped.Count + unlabeled, result.Computed, result.FromCache, result.Skipped.Count + unlabeled, result.Elapsed);
}
