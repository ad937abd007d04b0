using MLNetTransfer.Training;
using MLNetTransfer.Vision;
using static MLNetTransfer.Vision.ImageClassificationTrainer;

namespace MLNetTransfer.Tests.Training;

/// <summary>Early stopping on accuracy that cannot see a difference watches the validation loss, with a minimum of epochs.</summary>
public sealed class EarlyStoppingFallbackTests
{
    // Well separated: validation accuracy reaches 100 % within the first epochs.
    private static readonly SyntheticClasses Easy = new(classCount: 2, featureCount: 20, separation: 12f, seed: 3);

    private static HeadTrainingResult Train(LabeledData train, LabeledData validation, EarlyStopping? criterion) =>
        SoftmaxHeadTrainer.Train(train.Features, train.Labels, train.FeatureCount, Easy.ClassCount, validation.Features, validation.Labels,
            new HeadTrainingOptions { Epoch = 200, EarlyStoppingCriteria = criterion?.ToRule() });

    [Fact]
    public void At_100_percent_validation_accuracy_early_stopping_watches_the_loss_and_says_so()
    {
        var train = Easy.Sample(200, seed: 4);
        var validation = Easy.Sample(60, seed: 5);

        var result = Train(train, validation, new EarlyStopping(patience: 3));

        var first = result.History.First(e => e.ValidationAccuracy >= 1f).Epoch;
        result.EarlyStoppingFallback.Should().Contain("100 %").And.Contain($"epoch {first + 1}");
        result.History.Count.Should().BeGreaterThanOrEqualTo(EarlyStoppingFallback.MinimumEpochs);
        // Accuracy alone would have stopped patience epochs after reaching 100 %; the loss kept it going while it fell.
        result.History.Count.Should().BeGreaterThan(first + 1 + 3);
        var losses = result.History.Skip(first).Select(e => e.ValidationLoss!.Value).ToList();
        result.History[result.BestEpoch].ValidationLoss.Should().Be(losses.Min(), "the kept head is the lowest-loss epoch once the fallback is on");
    }

    [Fact]
    public void Fewer_than_30_validation_photos_watch_the_loss_from_the_start()
    {
        var train = Easy.Sample(200, seed: 6);
        var validation = Easy.Sample(EarlyStoppingFallback.MinValidationPhotos - 1, seed: 7);

        var result = Train(train, validation, new EarlyStopping(patience: 3));

        result.EarlyStoppingFallback.Should().Contain($"{EarlyStoppingFallback.MinValidationPhotos - 1} validation photo(s)");
        result.History.Count.Should().BeGreaterThanOrEqualTo(EarlyStoppingFallback.MinimumEpochs);
    }

    [Fact]
    public void Accuracy_that_can_still_move_is_left_alone()
    {
        var hard = new SyntheticClasses(classCount: 3, featureCount: 120, separation: 2f, seed: 21);
        var result = SoftmaxHeadTrainer.Train(hard.Sample(60, seed: 22).Features, hard.Sample(60, seed: 22).Labels, hard.FeatureCount, hard.ClassCount,
            hard.Sample(300, seed: 23).Features, hard.Sample(300, seed: 23).Labels,
            new HeadTrainingOptions { Epoch = 100, EarlyStoppingCriteria = new EarlyStopping(patience: 5).ToRule() });

        result.History.Max(e => e.ValidationAccuracy!.Value).Should().BeLessThan(1f);
        result.EarlyStoppingFallback.Should().BeNull();
    }

    [Fact]
    public void A_loss_criterion_is_never_replaced()
    {
        var result = Train(Easy.Sample(200, seed: 8), Easy.Sample(10, seed: 9), new EarlyStopping(minDelta: 0.001f, patience: 3, metric: EarlyStoppingMetric.Loss));

        result.EarlyStoppingFallback.Should().BeNull();
    }
}
