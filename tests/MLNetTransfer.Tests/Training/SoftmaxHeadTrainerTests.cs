using Microsoft.ML.Trainers;
using System.Diagnostics;
using MLNetTransfer.Training;
using Xunit.Abstractions;

namespace MLNetTransfer.Tests.Training;

public sealed class SoftmaxHeadTrainerTests(ITestOutputHelper output)
{
    private static readonly SyntheticClasses Separable = new(classCount: 4, featureCount: 32, separation: 12f, seed: 3);

    [Fact]
    public void SeparableDataIsLearnedCompletely()
    {
        var train = Separable.Sample(200, seed: 1);
        var test = Separable.Sample(400, seed: 2);

        var result = SoftmaxHeadTrainer.Train(train.Features, train.Labels, train.FeatureCount, Separable.ClassCount,
            new HeadTrainingOptions { Epoch = 30 });

        HeadEvaluation.Accuracy(result.Head, train).Should().Be(1.0);
        HeadEvaluation.Accuracy(result.Head, test).Should().BeGreaterThanOrEqualTo(0.99);
        result.History.Should().HaveCount(30);
        result.History[^1].TrainAccuracy.Should().Be(1f);
        result.History[^1].TrainLoss.Should().BeLessThan(result.History[0].TrainLoss);
        result.BestEpoch.Should().Be(29, "without early stopping the last epoch's weights are returned");
        result.StoppedEarly.Should().BeFalse();
    }

    [Fact]
    public void BottleneckSizedProblemTrainsAllEpochs()
    {
        // The size the brief budgets for: 600 samples x 768 features x 5 classes x 200 epochs.
        var source = new SyntheticClasses(classCount: 5, featureCount: 768, separation: 6f, seed: 5);
        var train = source.Sample(600, seed: 6);
        var test = source.Sample(500, seed: 7);

        var watch = Stopwatch.StartNew();
        var result = SoftmaxHeadTrainer.Train(train.Features, train.Labels, train.FeatureCount, source.ClassCount, new HeadTrainingOptions());
        watch.Stop();
        output.WriteLine($"600 x 768 x 5 classes x 200 epochs: {watch.ElapsedMilliseconds} ms");

        result.History.Should().HaveCount(200);
        HeadEvaluation.Accuracy(result.Head, test).Should().BeGreaterThan(0.97);
    }

    [Fact]
    public void SameSeedGivesBitIdenticalWeights()
    {
        var train = Separable.Sample(120, seed: 1);
        var options = new HeadTrainingOptions { Epoch = 15, Seed = 42 };

        var first = SoftmaxHeadTrainer.Train(train.Features, train.Labels, train.FeatureCount, Separable.ClassCount, options);
        var second = SoftmaxHeadTrainer.Train(train.Features, train.Labels, train.FeatureCount, Separable.ClassCount, options);

        first.Head.Weights.Should().Equal(second.Head.Weights);
        first.Head.Bias.Should().Equal(second.Head.Bias);
        first.History.Should().Equal(second.History);
    }

    [Fact]
    public void DifferentSeedOrShufflingGivesDifferentWeights()
    {
        var train = Separable.Sample(120, seed: 1);
        HeadTrainingResult Run(int seed, bool reshuffle) => SoftmaxHeadTrainer.Train(train.Features, train.Labels, train.FeatureCount,
            Separable.ClassCount, new HeadTrainingOptions { Epoch = 15, Seed = seed, ReshuffleEveryEpoch = reshuffle });

        var baseline = Run(1, reshuffle: true);
        Run(2, reshuffle: true).Head.Weights.Should().NotEqual(baseline.Head.Weights);
        Run(1, reshuffle: false).Head.Weights.Should().NotEqual(baseline.Head.Weights);
    }

    [Fact]
    public void LabelSmoothingLowersConfidence()
    {
        var train = Separable.Sample(200, seed: 1);
        var test = Separable.Sample(200, seed: 2);

        double MeanTopProbability(float smoothing)
        {
            var head = SoftmaxHeadTrainer.Train(train.Features, train.Labels, train.FeatureCount, Separable.ClassCount,
                new HeadTrainingOptions { Epoch = 40, LabelSmoothing = smoothing }).Head;
            var p = new float[head.ClassCount];
            double sum = 0;
            for (int i = 0; i < test.Count; i++)
            {
                head.Score(test.Row(i), p);
                sum += p.Max();
            }
            return sum / test.Count;
        }

        double sharp = MeanTopProbability(0f);
        double smoothed = MeanTopProbability(0.2f);
        output.WriteLine($"mean top probability: {sharp:F4} without smoothing, {smoothed:F4} with 0.2");
        sharp.Should().BeGreaterThan(0.97);
        // The smoothed target for the true class is 1 - 0.2 + 0.2 / 4 = 0.85.
        smoothed.Should().BeInRange(0.8, 0.9);
    }

    [Fact]
    public void BalancedClassWeightsFavourTheRareClass()
    {
        // Two overlapping classes, 9:1 in training; a balanced test set shows how often the rare class is recognised.
        var source = new SyntheticClasses(classCount: 2, featureCount: 8, separation: 2.5f, seed: 9);
        var train = source.Sample(1000, seed: 10, classShares: [0.9, 0.1]);
        var test = source.Sample(2000, seed: 11);

        double RareRecall(float[]? weights)
        {
            var head = SoftmaxHeadTrainer.Train(train.Features, train.Labels, train.FeatureCount, 2,
                new HeadTrainingOptions { Epoch = 30, ClassWeights = weights }).Head;
            int rare = 0, found = 0;
            for (int i = 0; i < test.Count; i++)
            {
                if (test.Labels[i] != 1)
                    continue;
                rare++;
                if (head.Predict(test.Row(i)) == 1)
                    found++;
            }
            return (double)found / rare;
        }

        double plain = RareRecall(null);
        double weighted = RareRecall(ClassWeighting.Balanced(train.Labels, 2));
        output.WriteLine($"rare-class recall: {plain:F4} unweighted, {weighted:F4} balanced");
        weighted.Should().BeGreaterThan(plain + 0.1);
    }

    [Fact]
    public void SchedulerSetsEachEpochsLearningRate()
    {
        var train = Separable.Sample(100, seed: 1);  // 10 batches of 10 per epoch
        var scheduler = new ExponentialLRDecay(learningRate: 0.05f, numEpochsPerDecay: 1f, decayRate: 0.5f);

        var result = SoftmaxHeadTrainer.Train(train.Features, train.Labels, train.FeatureCount, Separable.ClassCount,
            new HeadTrainingOptions { Epoch = 4, LearningRate = 123f, LearningRateScheduler = scheduler });

        // The record holds the rate of the epoch's last step; with one decay per epoch that is 0.05 * 0.5^epoch.
        result.History.Select(e => e.LearningRate).Should().Equal(0.05f, 0.025f, 0.0125f, 0.00625f);
    }

    [Fact]
    public void SchedulerCountsWholeBatchesPerEpochAsVisionDoes()
    {
        // 95 samples run 10 batches per epoch, but Vision tells the scheduler 9 (whole batches): a decay period of 9
        // steps, so the epoch's last step (9 * epoch + 9) is already into the next period.
        var train = Separable.Sample(95, seed: 1);
        var scheduler = new ExponentialLRDecay(learningRate: 0.05f, numEpochsPerDecay: 1f, decayRate: 0.5f);

        var result = SoftmaxHeadTrainer.Train(train.Features, train.Labels, train.FeatureCount, Separable.ClassCount,
            new HeadTrainingOptions { Epoch = 3, LearningRateScheduler = scheduler });

        result.History.Select(e => e.LearningRate).Should().Equal(0.025f, 0.0125f, 0.00625f);
        scheduler.GlobalStep.Should().Be(2 * 9 + 9);
        scheduler.DecaySteps.Should().Be(9);
    }

    [Fact]
    public void ConstantLearningRateIsRecordedWithoutScheduler()
    {
        var train = Separable.Sample(40, seed: 1);
        var result = SoftmaxHeadTrainer.Train(train.Features, train.Labels, train.FeatureCount, Separable.ClassCount,
            new HeadTrainingOptions { Epoch = 3, LearningRate = 0.02f });
        result.History.Should().OnlyContain(e => e.LearningRate == 0.02f);
    }

    [Fact]
    public void CancellationStopsTraining()
    {
        var train = Separable.Sample(40, seed: 1);
        using var source = new CancellationTokenSource();
        int epochsSeen = 0;
        var options = new HeadTrainingOptions
        {
            Epoch = 50,
            MetricsCallback = _ =>
            {
                if (++epochsSeen == 3)
                    source.Cancel();
            },
        };

        FluentActions.Invoking(() => SoftmaxHeadTrainer.Train(train.Features, train.Labels, train.FeatureCount, Separable.ClassCount, options, source.Token))
            .Should().Throw<OperationCanceledException>();
        epochsSeen.Should().Be(3);
    }

    [Fact]
    public void InputsAreNotModified()
    {
        var train = Separable.Sample(40, seed: 1);
        var validation = Separable.Sample(20, seed: 2);
        var trainCopy = train.Features.ToArray();
        var validationCopy = validation.Features.ToArray();

        SoftmaxHeadTrainer.Train(train.Features, train.Labels, train.FeatureCount, Separable.ClassCount,
            validation.Features, validation.Labels, new HeadTrainingOptions { Epoch = 2 });

        train.Features.Should().Equal(trainCopy);
        validation.Features.Should().Equal(validationCopy);
    }
}
