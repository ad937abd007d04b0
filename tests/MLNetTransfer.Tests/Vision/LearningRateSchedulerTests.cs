using Microsoft.ML.Trainers;
using MLNetTransfer.Tests.Support;
using MLNetTransfer.Training;

namespace MLNetTransfer.Tests.Vision;

/// <summary>ML.NET's schedulers (namespace Microsoft.ML.Trainers), honoured as Microsoft.ML.Vision honours them.</summary>
public sealed class LearningRateSchedulerTests
{
    // 10 batches per epoch and 2 epochs per decay: one decay period is 20 steps.
    private const int BatchesPerEpoch = 10;
    private const int BatchSize = 16;

    private static float RateAt(LearningRateScheduler scheduler, int globalStep, int batchSize = BatchSize) =>
        LearningRateSchedule.For(scheduler).RateAt(new TrainStep(globalStep / BatchesPerEpoch, globalStep % BatchesPerEpoch, BatchesPerEpoch, batchSize));

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
        RateAt(new ExponentialLRDecay(), step).Should().BeApproximately((float)expected, 1e-7f);
    }

    [Theory]
    [InlineData(0, 0.01)]
    [InlineData(10, 0.0096953597)]   // 0.01 * 0.94^0.5
    [InlineData(45, 0.0087003688)]   // 0.01 * 0.94^2.25
    public void ExponentialWithoutStaircaseDecaysContinuously(int step, double expected)
    {
        RateAt(new ExponentialLRDecay(staircase: false), step).Should().BeApproximately((float)expected, 1e-7f);
    }

    [Fact]
    public void ExponentialRecordsStepAndDecayStepsAsVisionDoes()
    {
        var decay = new ExponentialLRDecay(numEpochsPerDecay: 1.5f);
        RateAt(decay, 33);
        decay.GlobalStep.Should().Be(33);
        decay.DecaySteps.Should().Be(15);
    }

    [Fact]
    public void ExponentialSettingsChangedBetweenStepsApplyToTheNextStep()
    {
        // Its fields are public and mutable; like ML.NET, each step reads them afresh.
        var decay = new ExponentialLRDecay();
        var schedule = LearningRateSchedule.For(decay);
        decay.LearningRate = 0.5f;
        schedule.RateAt(new TrainStep(0, 0, BatchesPerEpoch, BatchSize)).Should().Be(0.5f);
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
        RateAt(new PolynomialLRDecay(), step).Should().BeApproximately((float)expected, 1e-7f);
    }

    [Fact]
    public void PolynomialPowerShapesTheCurve()
    {
        // (1 - 0.5)^2 = 0.25
        RateAt(new PolynomialLRDecay(power: 2f), 10).Should().BeApproximately(0.0099f * 0.25f + 0.0001f, 1e-7f);
    }

    [Theory]
    [InlineData(20, 0.0001)]         // the first period ends as without cycling
    [InlineData(30, 0.002575)]       // period stretched to 40: 0.0099 * (1 - 30/40) + 0.0001
    [InlineData(40, 0.0001)]
    [InlineData(41, 0.0032350)]      // period stretched to 60: 0.0099 * (19/60) + 0.0001
    public void PolynomialCycleRestartsOverALongerPeriod(int step, double expected)
    {
        RateAt(new PolynomialLRDecay(cycle: true), step).Should().BeApproximately((float)expected, 1e-7f);
    }

    [Theory]
    [InlineData(0, 0.0125)]          // 0.1 * 16 / 128
    [InlineData(909, 0.0125)]        // epoch 90
    [InlineData(910, 0.00125)]       // epoch 91: x 0.1
    [InlineData(1360, 0.000125)]     // epoch 136: x 0.01
    [InlineData(1820, 0.00000125)]   // epoch 182: x 0.0001
    public void LsrDecayScalesByBatchSizeAndStepsDownAtVisionsEpochs(int step, double expected)
    {
        RateAt(new LsrDecay(), step).Should().BeApproximately((float)expected, 1e-9f);
    }

    [Fact]
    public void LsrDecayTakesACustomSchedule()
    {
        // The schedule is private in ML.NET; the one the program passes is the one that trains.
        var decay = new LsrDecay([new(5, 0.5f), new(2, 2f)], baseLearningRate: 1.28f);
        RateAt(decay, 10, batchSize: 100).Should().BeApproximately(1f, 1e-6f);    // epoch 1: no item, factor 1
        RateAt(decay, 20, batchSize: 100).Should().BeApproximately(2f, 1e-6f);    // epoch 2
        RateAt(decay, 50, batchSize: 100).Should().BeApproximately(0.5f, 1e-6f);  // epoch 5
    }

    [Fact]
    public void LsrDecayWithoutAScheduleIsAClearError()
    {
        FluentActions.Invoking(() => LearningRateSchedule.For(new LsrDecay(null!, 0.1f)))
            .Should().Throw<ArgumentException>().WithMessage("*LsrDecay*schedule*");
    }

    [Fact]
    public void TinyDecayPeriodStillGivesFiniteRates()
    {
        // (int)(10 * 0.01) is 0 steps, where ML.NET divides by zero; it is taken as 1.
        float rate = RateAt(new ExponentialLRDecay(numEpochsPerDecay: 0.01f), 3);
        rate.Should().BeApproximately(0.01f * MathF.Pow(0.94f, 3), 1e-7f);
    }

    [Theory]
    [InlineData(95, 10)]             // the last batch of each epoch is short, and Vision does not count it
    [InlineData(100, 10)]
    [InlineData(37, 8)]
    [InlineData(1000, 128)]
    public void EveryStepMatchesMlNetsOwnImplementationExactly(int trainCount, int batchSize)
    {
        int scheduledBatches = TrainStep.WholeBatches(trainCount, batchSize);
        int batchesRun = (trainCount + batchSize - 1) / batchSize;
        Func<LearningRateScheduler>[] schedulers =
        [
            () => new ExponentialLRDecay(),
            () => new ExponentialLRDecay(0.05f, 1.5f, 0.5f, staircase: false),
            () => new PolynomialLRDecay(),
            () => new PolynomialLRDecay(0.05f, 3f, 0.001f, power: 2f, cycle: true),
            () => new LsrDecay(),
            () => new LsrDecay([new(7, 0.5f), new(3, 2f)], 0.3f),
        ];
        foreach (var make in schedulers)
        {
            var ours = LearningRateSchedule.For(make());
            var theirs = make();
            for (int epoch = 0; epoch < 12; epoch++)
            {
                for (int batch = 0; batch < batchesRun; batch++)
                {
                    float expected = MlNetSchedulerOracle.Rate(theirs, epoch, batch, scheduledBatches, batchSize);
                    ours.RateAt(new TrainStep(epoch, batch, scheduledBatches, batchSize))
                        .Should().Be(expected, $"{theirs.GetType().Name} at epoch {epoch}, batch {batch} of {trainCount} samples in batches of {batchSize}");
                }
            }
        }
    }
}
