using System.Globalization;

namespace MLNetTransfer.Training;

/// <summary>Checks <see cref="SoftmaxHeadTrainer"/> arguments up front, so failures name the culprit.</summary>
internal static class TrainingInputValidator
{
    public static void Validate(ReadOnlySpan<float> trainFeatures, int[] trainLabels, int featureCount, int classCount,
        float[]? validationFeatures, int[]? validationLabels, HeadTrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(trainLabels);
        ArgumentNullException.ThrowIfNull(options);
        if (featureCount < 1)
            throw new ArgumentOutOfRangeException(nameof(featureCount), featureCount, "At least one feature is needed.");
        if (classCount < 2)
            throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "At least two classes are needed.");

        CheckSet(trainFeatures, trainLabels, featureCount, classCount, "train", nameof(trainFeatures), nameof(trainLabels));
        if (trainLabels.Length == 0)
            throw new ArgumentException("The training set is empty.", nameof(trainLabels));

        if ((validationFeatures is null) != (validationLabels is null))
            throw new ArgumentException("Give both validation features and labels, or neither.",
                validationFeatures is null ? nameof(validationFeatures) : nameof(validationLabels));
        if (validationFeatures is not null && validationLabels is not null)
        {
            CheckSet(validationFeatures, validationLabels, featureCount, classCount, "validation", nameof(validationFeatures), nameof(validationLabels));
            if (validationLabels.Length == 0)
                throw new ArgumentException("The validation set is empty; pass null for no validation set.", nameof(validationLabels));
        }

        CheckOptions(options, classCount, hasValidation: validationLabels is not null);
    }

    private static void CheckSet(ReadOnlySpan<float> features, int[] labels, int featureCount, int classCount,
        string setName, string featuresName, string labelsName)
    {
        if ((long)labels.Length * featureCount != features.Length)
            throw new ArgumentException(
                $"The {setName} features hold {features.Length} values, but {labels.Length} labels x {featureCount} features need {(long)labels.Length * featureCount}.",
                featuresName);
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
                throw new ArgumentException($"The {setName} label {labels[i]} at row {i} is outside [0, {classCount}).", labelsName);
        }
        for (int i = 0; i < features.Length; i++)
        {
            if (!float.IsFinite(features[i]))
                throw new ArgumentException(
                    $"The {setName} feature {i % featureCount} of row {i / featureCount} is {features[i].ToString(CultureInfo.InvariantCulture)}; features must be finite.", featuresName);
        }
    }

    private static void CheckOptions(HeadTrainingOptions options, int classCount, bool hasValidation)
    {
        const string name = "options";
        if (options.Epoch < 1)
            throw new ArgumentException($"Epoch must be at least 1, got {options.Epoch}.", name);
        if (options.BatchSize < 1)
            throw new ArgumentException($"BatchSize must be at least 1, got {options.BatchSize}.", name);
        if (options.LearningRateScheduler is null && !(options.LearningRate > 0 && float.IsFinite(options.LearningRate)))
            throw new ArgumentException($"LearningRate must be positive and finite, got {options.LearningRate}.", name);
        if (!(options.Momentum >= 0 && options.Momentum < 1))
            throw new ArgumentException($"Momentum must be in [0, 1), got {options.Momentum}.", name);
        if (!(options.L2Regularization >= 0 && float.IsFinite(options.L2Regularization)))
            throw new ArgumentException($"L2Regularization must be non-negative and finite, got {options.L2Regularization}.", name);
        if (!(options.LabelSmoothing >= 0 && options.LabelSmoothing < 1))
            throw new ArgumentException($"LabelSmoothing must be in [0, 1), got {options.LabelSmoothing}.", name);
        if (options.ClassWeights is { } weights)
        {
            if (weights.Length != classCount)
                throw new ArgumentException($"ClassWeights has {weights.Length} entries for {classCount} classes.", name);
            foreach (float w in weights)
            {
                if (!(w >= 0 && float.IsFinite(w)))
                    throw new ArgumentException($"ClassWeights must be non-negative and finite, got {w}.", name);
            }
        }
        // Vision refuses the same combination: early stopping would have nothing to monitor.
        if (options.EarlyStoppingCriteria is not null && !hasValidation && !options.TestOnTrainSet)
            throw new ArgumentException(
                "Early stopping needs a validation set or TestOnTrainSet = true; disable early stopping or provide one of them.", name);
    }
}
