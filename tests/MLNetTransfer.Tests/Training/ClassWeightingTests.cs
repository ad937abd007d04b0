using MLNetTransfer.Training;

namespace MLNetTransfer.Tests.Training;

public sealed class ClassWeightingTests
{
    [Fact]
    public void BalancedWeightsAreCountInverses()
    {
        // 8 samples, 2 classes... of 3: counts 6, 2, 0 -> 8 / (3 * 6), 8 / (3 * 2), and 0 for the absent class.
        int[] labels = [0, 0, 0, 1, 0, 0, 1, 0];
        ClassWeighting.Balanced(labels, 3).Should().Equal(8f / 18f, 8f / 6f, 0f);
    }

    [Fact]
    public void BalancedDataGetsWeightOne()
    {
        ClassWeighting.Balanced([0, 1, 2, 2, 1, 0], 3).Should().Equal(1f, 1f, 1f);
    }

    [Fact]
    public void BadLabelsAreRejected()
    {
        FluentActions.Invoking(() => ClassWeighting.Balanced([0, 3], 3)).Should().Throw<ArgumentException>().WithMessage("Label 3 at index 1*");
        FluentActions.Invoking(() => ClassWeighting.Balanced([], 3)).Should().Throw<ArgumentException>();
    }
}
