using MLNetTransfer.Training;

namespace MLNetTransfer.Tests.Training;

public class HeadTrainingFailureTests
{
    private static readonly SyntheticClasses Separable = new(classCount: 4, featureCount: 32, separation: 12f, seed: 3);

    [Fact]
    public void A_learning_rate_that_diverges_stops_with_a_message_suggesting_a_smaller_one()
    {
        var train = Separable.Sample(100, seed: 1);

        var act = () => SoftmaxHeadTrainer.Train(train.Features, train.Labels, train.FeatureCount, Separable.ClassCount,
            new HeadTrainingOptions { Epoch = 5, LearningRate = 1e30f, StandardizeFeatures = false });

        act.Should().Throw<HeadTrainingException>().WithMessage("*diverged*smaller learning rate*");
    }

    [Fact]
    public void An_absurd_epoch_count_allocates_nothing_up_front()
    {
        var train = Separable.Sample(40, seed: 1);
        using var stop = new CancellationTokenSource();
        var epochs = 0;
        var options = new HeadTrainingOptions
        {
            Epoch = int.MaxValue,
            // Stops after two epochs: the history must have grown with them, not been sized for two billion.
            MetricsCallback = m =>
            {
                if (m.Set == MetricsSet.Validation && ++epochs == 2)
                    stop.Cancel();
            },
        };
        var validation = Separable.Sample(20, seed: 2);

        var act = () => SoftmaxHeadTrainer.Train(train.Features, train.Labels, train.FeatureCount, Separable.ClassCount,
            validation.Features, validation.Labels, options, stop.Token);

        act.Should().Throw<OperationCanceledException>();
        epochs.Should().Be(2);
    }
}
