using MLNetTransfer.Evaluation;
using MLNetTransfer.Training;

namespace MLNetTransfer.Tests.Evaluation;

public class OverfittingCheckTests
{
    [Fact]
    public void Names_rising_validation_loss_once_training_accuracy_is_perfect()
    {
        var history = Run(trainAccuracy: [0.8f, 0.95f, 1f, 1f, 1f], validationLoss: [0.6f, 0.45f, 0.40f, 0.44f, 0.50f]);

        var diagnosis = OverfittingCheck.Diagnose(history);

        diagnosis.Should().NotBeNull();
        // Epochs as users count them, from 1.
        diagnosis!.Summary.Should().Be("Overfitting: training accuracy reached 100% at epoch 3 while validation loss rose from 0.400 (epoch 3) to 0.500 (epoch 5).");
        string.Join(" ", diagnosis.Suggestions).Should().ContainAll("more training images", "label smoothing", "patience", "fewer epochs", "augmentation");
    }

    [Theory]
    [InlineData(new[] { 0.8f, 0.9f, 0.97f, 0.98f, 0.99f }, new[] { 0.6f, 0.45f, 0.40f, 0.44f, 0.50f })] // never 100 %
    [InlineData(new[] { 0.8f, 0.95f, 1f, 1f, 1f }, new[] { 0.6f, 0.45f, 0.40f, 0.39f, 0.38f })] // still falling
    [InlineData(new[] { 0.8f, 0.95f, 1f, 1f, 1f }, new[] { 0.6f, 0.45f, 0.40f, 0.405f, 0.41f })] // within noise
    public void Says_nothing_without_both_signs(float[] trainAccuracy, float[] validationLoss) =>
        OverfittingCheck.Diagnose(Run(trainAccuracy, validationLoss)).Should().BeNull();

    [Fact]
    public void Says_nothing_without_a_validation_set()
    {
        var history = Enumerable.Range(0, 4).Select(e => new EpochRecord(e, 0.01f, 1f, 0.01f, null, null)).ToArray();

        OverfittingCheck.Diagnose(history).Should().BeNull();
    }

    private static EpochRecord[] Run(float[] trainAccuracy, float[] validationLoss) =>
        trainAccuracy.Select((a, e) => new EpochRecord(e, 0.01f, a, 0.1f, 0.8f, validationLoss[e])).ToArray();
}
