using Microsoft.ML.Trainers;
using MLNetTransfer.Training;
using static MLNetTransfer.Vision.ImageClassificationTrainer;

namespace MLNetTransfer.Tests.Training;

public sealed class TrainingInputValidationTests
{
    private const int Features = 3;
    private const int Classes = 2;

    // Four valid rows; each case breaks one thing.
    private static float[] GoodFeatures() => [0, 1, 2, 1, 0, 1, 2, 2, 0, 1, 1, 1];

    private static int[] GoodLabels() => [0, 1, 0, 1];

    public static TheoryData<string, Action> Cases() => new()
    {
        { "*12 values, but 3 labels x 3 features need 9*", () => Train(labels: [0, 1, 0]) },
        { "*train label 2 at row 1 is outside [0, 2)*", () => Train(labels: [0, 2, 0, 1]) },
        { "*train label -1 at row 3*", () => Train(labels: [0, 1, 0, -1]) },
        { "*train feature 1 of row 2 is NaN*", () => Train(features: With(GoodFeatures(), 7, float.NaN)) },
        { "*train feature 0 of row 0 is Infinity*", () => Train(features: With(GoodFeatures(), 0, float.PositiveInfinity)) },
        { "*training set is empty*", () => Train(features: [], labels: []) },
        { "*At least two classes*", () => SoftmaxHeadTrainer.Train(GoodFeatures(), GoodLabels(), Features, 1, new HeadTrainingOptions()) },
        { "*At least one feature*", () => SoftmaxHeadTrainer.Train(GoodFeatures(), GoodLabels(), 0, Classes, new HeadTrainingOptions()) },
        { "*both validation features and labels*", () => SoftmaxHeadTrainer.Train(GoodFeatures(), GoodLabels(), Features, Classes, GoodFeatures(), null, new HeadTrainingOptions()) },
        { "*validation feature 2 of row 0 is NaN*", () => SoftmaxHeadTrainer.Train(GoodFeatures(), GoodLabels(), Features, Classes, With(GoodFeatures(), 2, float.NaN), GoodLabels(), new HeadTrainingOptions()) },
        { "*validation label 5 at row 0*", () => SoftmaxHeadTrainer.Train(GoodFeatures(), GoodLabels(), Features, Classes, GoodFeatures(), [5, 0, 0, 0], new HeadTrainingOptions()) },
        { "*Epoch must be at least 1*", () => Train(options: new HeadTrainingOptions { Epoch = 0 }) },
        { "*BatchSize must be at least 1*", () => Train(options: new HeadTrainingOptions { BatchSize = 0 }) },
        { "*LearningRate must be positive*", () => Train(options: new HeadTrainingOptions { LearningRate = 0 }) },
        { "*LearningRate must be positive*", () => Train(options: new HeadTrainingOptions { LearningRate = float.NaN }) },
        { "*Momentum must be in [0, 1)*", () => Train(options: new HeadTrainingOptions { Momentum = 1f }) },
        { "*L2Regularization must be non-negative*", () => Train(options: new HeadTrainingOptions { L2Regularization = -1f }) },
        { "*LabelSmoothing must be in [0, 1)*", () => Train(options: new HeadTrainingOptions { LabelSmoothing = 1f }) },
        { "*ClassWeights has 3 entries for 2 classes*", () => Train(options: new HeadTrainingOptions { ClassWeights = [1, 1, 1] }) },
        { "*ClassWeights must be non-negative*", () => Train(options: new HeadTrainingOptions { ClassWeights = [1, -1] }) },
        { "*Early stopping needs a validation set or TestOnTrainSet*",
            () => Train(options: new HeadTrainingOptions { TestOnTrainSet = false, EarlyStoppingCriteria = EarlyStoppingRule.Default() }) },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void InvalidInputIsRejectedWithAClearMessage(string message, Action train)
    {
        train.Should().Throw<ArgumentException>().WithMessage(message);
    }

    [Fact]
    public void AValidCallOfTheSameShapeTrains()
    {
        // Guards the cases above: they fail for their one defect, not for the shared setup.
        var result = SoftmaxHeadTrainer.Train(GoodFeatures(), GoodLabels(), Features, Classes, GoodFeatures(), GoodLabels(), new HeadTrainingOptions { Epoch = 2 });
        result.History.Should().HaveCount(2);
    }

    [Fact]
    public void AScheduledRunIgnoresTheConstantRate()
    {
        var options = new HeadTrainingOptions { Epoch = 1, LearningRate = 0, LearningRateScheduler = new PolynomialLRDecay() };
        FluentActions.Invoking(() => Train(options: options)).Should().NotThrow();
    }

    private static void Train(float[]? features = null, int[]? labels = null, HeadTrainingOptions? options = null) =>
        SoftmaxHeadTrainer.Train(features ?? GoodFeatures(), labels ?? GoodLabels(), Features, Classes, options ?? new HeadTrainingOptions { Epoch = 1 });

    private static float[] With(float[] values, int index, float value)
    {
        values[index] = value;
        return values;
    }
}
