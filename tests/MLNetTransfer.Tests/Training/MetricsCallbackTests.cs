using MLNetTransfer.Training;
using static MLNetTransfer.Vision.ImageClassificationTrainer;

namespace MLNetTransfer.Tests.Training;

public sealed class MetricsCallbackTests
{
    private static readonly SyntheticClasses Source = new(classCount: 3, featureCount: 8, separation: 5f, seed: 41);
    private static readonly LabeledData Train = Source.Sample(45, seed: 42);       // 5 batches of 10 (the last one holds 5)
    private static readonly LabeledData Validation = Source.Sample(25, seed: 43);  // 3 batches' worth

    [Fact]
    public void WithoutValidationSetReportsTheTrainingSetOncePerEpoch()
    {
        var reports = new List<ImageClassificationMetrics>();
        var result = SoftmaxHeadTrainer.Train(Train.Features, Train.Labels, Train.FeatureCount, Source.ClassCount,
            new HeadTrainingOptions { Epoch = 4, MetricsCallback = m => reports.Add(new ImageClassificationMetrics { Train = TrainMetrics.From(m) }) });

        reports.Should().HaveCount(4);
        for (int epoch = 0; epoch < 4; epoch++)
        {
            var metrics = reports[epoch];
            metrics.Bottleneck.Should().BeNull();
            var train = metrics.Train!;
            train.DatasetUsed.Should().Be(ImageClassificationMetrics.Dataset.Train);
            train.Epoch.Should().Be(epoch);
            train.BatchProcessedCount.Should().Be(5);
            train.Accuracy.Should().Be(result.History[epoch].TrainAccuracy);
            train.CrossEntropy.Should().Be(result.History[epoch].TrainLoss);
            train.LearningRate.Should().Be(0.01f);
            metrics.ToString().Should().StartWith("Phase: Training, Dataset used:      Train, Batch Processed Count:   5, Epoch: " + $"{epoch,3}, Accuracy: ")
                .And.Contain(", Learning Rate: ");
        }
    }

    [Fact]
    public void WithValidationSetReportsTrainingThenValidationEachEpoch()
    {
        var reports = new List<TrainMetrics>();
        var result = SoftmaxHeadTrainer.Train(Train.Features, Train.Labels, Train.FeatureCount, Source.ClassCount,
            Validation.Features, Validation.Labels, new HeadTrainingOptions { Epoch = 3, MetricsCallback = m => reports.Add(TrainMetrics.From(m)) });

        reports.Select(m => (m.DatasetUsed, m.Epoch)).Should().Equal(
            (ImageClassificationMetrics.Dataset.Train, 0), (ImageClassificationMetrics.Dataset.Validation, 0),
            (ImageClassificationMetrics.Dataset.Train, 1), (ImageClassificationMetrics.Dataset.Validation, 1),
            (ImageClassificationMetrics.Dataset.Train, 2), (ImageClassificationMetrics.Dataset.Validation, 2));
        for (int epoch = 0; epoch < 3; epoch++)
        {
            var validation = reports[2 * epoch + 1];
            validation.Accuracy.Should().Be(result.History[epoch].ValidationAccuracy!.Value);
            validation.CrossEntropy.Should().Be(result.History[epoch].ValidationLoss!.Value);
            validation.BatchProcessedCount.Should().Be(3);
            validation.ToString().Should().StartWith("Phase: Training, Dataset used: Validation,").And.NotContain("Learning Rate");
        }
    }

    [Fact]
    public void TestOnTrainSetFalseSkipsTrainingReportsAndUsesRunningAverages()
    {
        var reports = new List<TrainMetrics>();
        var options = new HeadTrainingOptions { Epoch = 3, TestOnTrainSet = false, MetricsCallback = m => reports.Add(TrainMetrics.From(m)) };
        var result = SoftmaxHeadTrainer.Train(Train.Features, Train.Labels, Train.FeatureCount, Source.ClassCount,
            Validation.Features, Validation.Labels, options);

        reports.Should().OnlyContain(m => m.DatasetUsed == ImageClassificationMetrics.Dataset.Validation).And.HaveCount(3);
        // Running averages are taken before each update, so the first epoch starts from the untrained model's loss, ln 3.
        result.History[0].TrainLoss.Should().BeGreaterThan(0.1f);
        result.History.Should().OnlyContain(e => e.TrainLoss > 0 && e.TrainAccuracy >= 0 && e.TrainAccuracy <= 1);
    }

    [Fact]
    public void ReportedTrainingMetricsDescribeTheEpochsFinalWeights()
    {
        // With TestOnTrainSet the training set is re-scored after the epoch, so the last record matches the returned head.
        var result = SoftmaxHeadTrainer.Train(Train.Features, Train.Labels, Train.FeatureCount, Source.ClassCount,
            new HeadTrainingOptions { Epoch = 5 });
        HeadEvaluation.MeanCrossEntropy(result.Head, Train).Should().BeApproximately(result.History[^1].TrainLoss, 1e-4);
        HeadEvaluation.Accuracy(result.Head, Train).Should().BeApproximately(result.History[^1].TrainAccuracy, 1e-6);
    }
}
