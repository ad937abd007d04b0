namespace MLNetTransfer.Training;

/// <summary>
/// Trains the classifier head on bottleneck features: multinomial logistic regression (softmax + cross-entropy) fitted
/// with mini-batch SGD and momentum, in plain C#. This replaces the TensorFlow retraining step of Microsoft.ML.Vision.
/// </summary>
internal static class SoftmaxHeadTrainer
{
    /// <summary>Trains without a validation set; metrics and early stopping then use the training set.</summary>
    public static HeadTrainingResult Train(ReadOnlySpan<float> trainFeatures, int[] trainLabels, int featureCount, int classCount,
        HeadTrainingOptions options, CancellationToken cancellationToken = default) =>
        Train(trainFeatures, trainLabels, featureCount, classCount, null, null, options, cancellationToken);

    /// <summary>Trains a head; the inputs are copied, never modified.</summary>
    /// <param name="trainFeatures">Row-major [count, <paramref name="featureCount"/>], finite values.</param>
    /// <param name="trainLabels">One label per row, in [0, <paramref name="classCount"/>).</param>
    /// <param name="featureCount">Features per row.</param>
    /// <param name="classCount">Number of classes, at least 2.</param>
    /// <param name="validationFeatures">Like <paramref name="trainFeatures"/>, or null for no validation set.</param>
    /// <param name="validationLabels">Labels of the validation rows; null exactly when <paramref name="validationFeatures"/> is.</param>
    /// <param name="options">Training settings.</param>
    /// <param name="cancellationToken">Checked before every mini-batch.</param>
    public static HeadTrainingResult Train(ReadOnlySpan<float> trainFeatures, int[] trainLabels, int featureCount, int classCount,
        float[]? validationFeatures, int[]? validationLabels, HeadTrainingOptions options, CancellationToken cancellationToken = default)
    {
        TrainingInputValidator.Validate(trainFeatures, trainLabels, featureCount, classCount, validationFeatures, validationLabels, options);

        var train = new LabeledRows(trainFeatures.ToArray(), (int[])trainLabels.Clone(), featureCount);
        LabeledRows? validation = validationFeatures is null || validationLabels is null
            ? null
            : new LabeledRows((float[])validationFeatures.Clone(), (int[])validationLabels.Clone(), featureCount);

        FeatureStandardizer? standardizer = null;
        if (options.StandardizeFeatures)
        {
            standardizer = FeatureStandardizer.Fit(train.Features, featureCount);
            standardizer.ApplyInPlace(train.Features);
            if (validation is not null)
                standardizer.ApplyInPlace(validation.Features);
        }

        var outcome = new HeadTrainingRun(train, validation, classCount, options).Execute(cancellationToken);
        var head = standardizer is null
            ? new LinearHead(classCount, featureCount, outcome.Weights, outcome.Bias)
            : standardizer.Fold(classCount, outcome.Weights, outcome.Bias);
        return new HeadTrainingResult(head, outcome.History, outcome.BestEpoch, outcome.StoppedEarly)
        {
            EarlyStoppingFallback = outcome.Fallback,
        };
    }
}
