using MLNetTransfer.Vision;

// Microsoft.ML.Vision declares its catalog extensions in this namespace, so programs with only `using Microsoft.ML;`
// (ML.NET's samples, every Model Builder training file) find ImageClassification(...) without naming the trainer's namespace.
namespace Microsoft.ML;

/// <summary><c>mlContext.MulticlassClassification.Trainers.ImageClassification(...)</c>, as Microsoft.ML.Vision's VisionCatalog.</summary>
public static class VisionCatalog
{
    /// <summary>Image classification by transfer learning, with Vision's default options for everything but the column names.</summary>
    /// <param name="catalog">The multiclass classification trainers of an MLContext.</param>
    /// <param name="labelColumnName">The label column; must be a key type (MapValueToKey).</param>
    /// <param name="featureColumnName">The image column: encoded bytes (as LoadRawImageBytes makes) or a file path.</param>
    /// <param name="scoreColumnName">The output column of class probabilities.</param>
    /// <param name="predictedLabelColumnName">The output column of the predicted class (a key of the label's values).</param>
    /// <param name="validationSet">Data to report validation metrics on and to stop early on.</param>
    public static ImageClassificationTrainer ImageClassification(
        this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = "Label",
        string featureColumnName = "Features",
        string scoreColumnName = "Score",
        string predictedLabelColumnName = "PredictedLabel",
        IDataView? validationSet = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.ImageClassification(new ImageClassificationTrainer.Options
        {
            LabelColumnName = labelColumnName,
            FeatureColumnName = featureColumnName,
            ScoreColumnName = scoreColumnName,
            PredictedLabelColumnName = predictedLabelColumnName,
            ValidationSet = validationSet,
        });
    }

    /// <summary>Image classification by transfer learning with all options.</summary>
    /// <param name="catalog">The multiclass classification trainers of an MLContext.</param>
    /// <param name="options">Vision's options, plus this library's (any ONNX backbone, cache, featurizer, ...).</param>
    public static ImageClassificationTrainer ImageClassification(
        this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        ImageClassificationTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new ImageClassificationTrainer(CatalogEnvironment.Of(catalog), options);
    }
}
