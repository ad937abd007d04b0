using System.Globalization;
using static MLNetTransfer.Vision.ImageClassificationTrainer;

namespace MLNetTransfer.Tests.Vision;

public sealed class MetricsFormatTests
{
    [Fact]
    public void TrainingSetLineShowsTheLearningRate()
    {
        var metrics = new TrainMetrics
        {
            DatasetUsed = ImageClassificationMetrics.Dataset.Train,
            BatchProcessedCount = 60,
            Epoch = 3,
            Accuracy = 0.75f,
            CrossEntropy = 0.5123456f,
            LearningRate = 0.01f,
        };
        InvariantCulture(() => metrics.ToString()).Should().Be(
            "Phase: Training, Dataset used:      Train, Batch Processed Count:  60, Epoch:   3, " +
            "Accuracy:       0.75, Cross-Entropy:  0.5123456, Learning Rate:       0.01");
    }

    [Fact]
    public void ValidationSetLineOmitsTheLearningRate()
    {
        var metrics = new TrainMetrics
        {
            DatasetUsed = ImageClassificationMetrics.Dataset.Validation,
            BatchProcessedCount = 7,
            Epoch = 12,
            Accuracy = 1f,
            CrossEntropy = 0.25f,
            LearningRate = 0.01f,
        };
        InvariantCulture(() => metrics.ToString()).Should().Be(
            "Phase: Training, Dataset used: Validation, Batch Processed Count:   7, Epoch:  12, " +
            "Accuracy:          1, Cross-Entropy:       0.25");
    }

    [Fact]
    public void BottleneckLineShowsTheImageIndex()
    {
        var metrics = new BottleneckMetrics { DatasetUsed = ImageClassificationMetrics.Dataset.Train, Index = 7 };
        metrics.ToString().Should().Be("Phase: Bottleneck Computation, Dataset used:      Train, Image Index:   7");
    }

    [Fact]
    public void ContainerPrintsWhicheverPhaseItHolds()
    {
        var bottleneck = new BottleneckMetrics { DatasetUsed = ImageClassificationMetrics.Dataset.Validation, Index = 1234 };
        new ImageClassificationMetrics { Bottleneck = bottleneck }.ToString().Should().Be(bottleneck.ToString());

        var train = new TrainMetrics { Epoch = 1 };
        new ImageClassificationMetrics { Train = train, Bottleneck = bottleneck }.ToString().Should().Be(train.ToString());
        new ImageClassificationMetrics().ToString().Should().BeEmpty();
    }

    private static string InvariantCulture(Func<string> format)
    {
        // Vision formats numbers with the current culture; pin it so the expected text is stable.
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            return format();
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
