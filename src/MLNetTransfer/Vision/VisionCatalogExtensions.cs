using Microsoft.ML;

namespace MLNetTransfer.Vision;

/// <summary><c>mlContext.MulticlassClassification.Trainers.ImageClassification(...)</c>, as in Microsoft.ML.Vision.</summary>
public static class VisionCatalogExtensions
{
    public static ImageClassificationTrainer ImageClassification(
        this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        string labelColumnName = "Label",
        string featureColumnName = "Features",
        string scoreColumnName = "Score",
        string predictedLabelColumnName = "PredictedLabel",
        IDataView? validationSet = null)
    {
        var options = new ImageClassificationTrainer.Options
        {
            LabelColumnName = labelColumnName,
            FeatureColumnName = featureColumnName,
            ScoreColumnName = scoreColumnName,
            PredictedLabelColumnName = predictedLabelColumnName,
            ValidationSet = validationSet,
        };
        return catalog.ImageClassification(options);
    }

    public static ImageClassificationTrainer ImageClassification(
        this MulticlassClassificationCatalog.MulticlassClassificationTrainers catalog,
        ImageClassificationTrainer.Options options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        return new ImageClassificationTrainer(ContextSeed.From(ContextSeed.EnvironmentOf(catalog)), options);
    }
}
