using MLNetTransfer.Vision;

namespace MLNetTransfer.Tests.Vision;

public sealed class LearningRateSchedulerTests
{
    // 10 batches per epoch and 2 epochs per decay: one decay period is 20 steps.
    private const int BatchesPerEpoch = 10;
    private const int BatchSize = 16;

    [Fact]
    public void ExponentialDefaultsMatchVision()
    {
        var decay = new ExponentialLRDecay();
        decay.LearningRate.Should().Be(0.01f);
        decay.NumEpochsPerDecay.Should().Be(2f);
        decay.DecayRate.Should().Be(0.94f);
        decay.Staircase.Should().BeTrue();
    }

    [Theory]
    [InlineData(0, 0.01)]
    [InlineData(19, 0.01)]           // still in the first period
    [InlineData(20, 0.0094)]         // 0.01 * 0.94
    [InlineData(45, 0.008836)]       // 0.01 * 0.94^floor(2.25)
    public void ExponentialStaircaseDropsAtWholePeriods(int step, double expected)
    {
        new ExponentialLRDecay().GetLearningRate(step, BatchesPerEpoch, BatchSize).Should().BeApproximately((float)expected, 1e-7f);
    }

    [Theory]
    [InlineData(0, 0.01)]
    [InlineData(10, 0.0096953597)]   // 0.01 * 0.94^0.5
    [InlineData(45, 0.0087003688)]   // 0.01 * 0.94^2.25
    public void ExponentialWithoutStaircaseDecaysContinuously(int step, double expected)
    {
        new ExponentialLRDecay(staircase: false).GetLearningRate(step, BatchesPerEpoch, BatchSize).Should().BeApproximately((float)expected, 1e-7f);
    }

    [Fact]
    public void ExponentialRecordsStepAndDecayStepsAsVisionDoes()
    {
        var decay = new ExponentialLRDecay(numEpochsPerDecay: 1.5f);
        decay.GetLearningRate(33, BatchesPerEpoch, BatchSize);
        decay.GlobalStep.Should().Be(33);
        decay.DecaySteps.Should().Be(15);
    }

    [Fact]
    public void PolynomialDefaultsMatchVision()
    {
        var decay = new PolynomialLRDecay();
        decay.LearningRate.Should().Be(0.01f);
        decay.NumEpochsPerDecay.Should().Be(2f);
        decay.EndLearningRate.Should().Be(0.0001f);
        decay.Power.Should().Be(1f);
        decay.Cycle.Should().BeFalse();
    }

    [Theory]
    [InlineData(0, 0.01)]
    [InlineData(10, 0.00505)]        // halfway: 0.0099 * 0.5 + 0.0001
    [InlineData(20, 0.0001)]         // end of the decay
    [InlineData(100, 0.0001)]        // stays at the end value
    public void PolynomialDecaysLinearlyToTheEndValue(int step, double expected)
    {
        new PolynomialLRDecay().GetLearningRate(step, BatchesPerEpoch, BatchSize).Should().BeApproximately((float)expected, 1e-7f);
    }

    [Fact]
    public void PolynomialPowerShapesTheCurve()
    {
        // (1 - 0.5)^2 = 0.25
        new PolynomialLRDecay(power: 2f).GetLearningRate(10, BatchesPerEpoch, BatchSize).Should().BeApproximately(0.0099f * 0.25f + 0.0001f, 1e-7f);
    }

    [Theory]
    [InlineData(20, 0.0001)]         // the first period ends as without cycling
    [InlineData(30, 0.002575)]       // period stretched to 40: 0.0099 * (1 - 30/40) + 0.0001
    [InlineData(40, 0.0001)]
    [InlineData(41, 0.0032350)]      // period stretched to 60: 0.0099 * (19/60) + 0.0001
    public void PolynomialCycleRestartsOverALongerPeriod(int step, double expected)
    {
        new PolynomialLRDecay(cycle: true).GetLearningRate(step, BatchesPerEpoch, BatchSize).Should().BeApproximately((float)expected, 1e-7f);
    }

    [Theory]
    [InlineData(0, 0.0125)]          // 0.1 * 16 / 128
    [InlineData(909, 0.0125)]        // epoch 90
    [InlineData(910, 0.00125)]       // epoch 91: x 0.1
    [InlineData(1360, 0.000125)]     // epoch 136: x 0.01
    [InlineData(1820, 0.00000125)]   // epoch 182: x 0.0001
    public void LsrDecayScalesByBatchSizeAndStepsDownAtVisionsEpochs(int step, double expected)
    {
        new LsrDecay().GetLearningRate(step, BatchesPerEpoch, BatchSize).Should().BeApproximately((float)expected, 1e-9f);
    }

    [Fact]
    public void LsrDecayTakesACustomSchedule()
    {
        var decay = new LsrDecay([new(5, 0.5f), new(2, 2f)], baseLearningRate: 1.28f);
        decay.BaseLearningRate.Should().Be(1.28f);
        decay.GetLearningRate(10, BatchesPerEpoch, 100).Should().BeApproximately(1f, 1e-6f);    // epoch 1: no item, factor 1
        decay.GetLearningRate(20, BatchesPerEpoch, 100).Should().BeApproximately(2f, 1e-6f);    // epoch 2
        decay.GetLearningRate(50, BatchesPerEpoch, 100).Should().BeApproximately(0.5f, 1e-6f);  // epoch 5
    }

    [Fact]
    public void TinyDecayPeriodStillGivesFiniteRates()
    {
        // (int)(10 * 0.01) is 0 steps; it is taken as 1 rather than dividing by zero.
        float rate = new ExponentialLRDecay(numEpochsPerDecay: 0.01f).GetLearningRate(3, BatchesPerEpoch, BatchSize);
        rate.Should().BeApproximately(0.01f * MathF.Pow(0.94f, 3), 1e-7f);
    }

    [Fact]
    public void RejectsImpossibleProgress()
    {
        var decay = new ExponentialLRDecay();
        FluentActions.Invoking(() => decay.GetLearningRate(-1, BatchesPerEpoch, BatchSize)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => decay.GetLearningRate(0, 0, BatchSize)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => decay.GetLearningRate(0, BatchesPerEpoch, 0)).Should().Throw<ArgumentOutOfRangeException>();
    }
}
