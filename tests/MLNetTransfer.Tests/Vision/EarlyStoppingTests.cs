using static MLNetTransfer.Vision.ImageClassificationTrainer;

namespace MLNetTransfer.Tests.Vision;

public sealed class EarlyStoppingTests
{
    [Fact]
    public void DefaultsMatchVision()
    {
        var stopping = new EarlyStopping();
        stopping.MinDelta.Should().Be(0.01f);
        stopping.Patience.Should().Be(20);
        stopping.Metric.Should().Be(EarlyStoppingMetric.Accuracy);
        stopping.CheckIncreasing.Should().BeTrue();
    }

    [Fact]
    public void MetricDecidesTheDirectionAsInVision()
    {
        new EarlyStopping(metric: EarlyStoppingMetric.Loss, checkIncreasing: true).CheckIncreasing.Should().BeFalse();
        new EarlyStopping(metric: EarlyStoppingMetric.Accuracy, checkIncreasing: false).CheckIncreasing.Should().BeTrue();
        new EarlyStopping(minDelta: -0.05f).MinDelta.Should().Be(0.05f);
    }

    [Fact]
    public void StopsAfterPatienceEpochsWithoutAnImprovementOfMinDelta()
    {
        var stopping = new EarlyStopping(minDelta: 0.01f, patience: 3);
        // 0.605 and 0.609 beat 0.6 by less than MinDelta, so they do not count as improvements.
        float[] accuracies = [0.5f, 0.6f, 0.605f, 0.609f, 0.608f];
        var decisions = accuracies.Select(a => stopping.ShouldStop(Metrics(accuracy: a, loss: 0))).ToArray();
        decisions.Should().Equal(false, false, false, false, true);
    }

    [Fact]
    public void AnImprovementResetsTheWait()
    {
        var stopping = new EarlyStopping(minDelta: 0.01f, patience: 2);
        float[] accuracies = [0.5f, 0.5f, 0.52f, 0.52f, 0.52f];
        var decisions = accuracies.Select(a => stopping.ShouldStop(Metrics(accuracy: a, loss: 0))).ToArray();
        decisions.Should().Equal(false, false, false, false, true);
    }

    [Fact]
    public void LossMustDecrease()
    {
        var stopping = new EarlyStopping(minDelta: 0.01f, patience: 2, metric: EarlyStoppingMetric.Loss);
        // The first epoch sets the baseline (Vision's starts at 0, which no loss can beat).
        float[] losses = [1.0f, 0.8f, 0.795f, 0.9f];
        var decisions = losses.Select(l => stopping.ShouldStop(Metrics(accuracy: 0, loss: l))).ToArray();
        decisions.Should().Equal(false, false, false, true);
    }

    [Fact]
    public void TheRuleForARunHasTheSettingsButNotTheHistory()
    {
        var stopping = new EarlyStopping(minDelta: 0.02f, patience: 1, EarlyStoppingMetric.Loss);
        stopping.ShouldStop(Metrics(0, 0.5f)).Should().BeFalse();
        stopping.ShouldStop(Metrics(0, 0.9f)).Should().BeTrue();

        var rule = stopping.ToRule();

        (rule.MinDelta, rule.Patience, rule.MonitorsLoss, rule.CheckIncreasing).Should()
            .Be((stopping.MinDelta, stopping.Patience, true, stopping.CheckIncreasing));
        rule.ShouldStop(0.9f).Should().BeFalse("the rule for a run has seen no epoch yet");
    }

    private static TrainMetrics Metrics(float accuracy, float loss) => new() { Accuracy = accuracy, CrossEntropy = loss };
}
