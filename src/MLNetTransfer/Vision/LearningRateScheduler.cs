namespace MLNetTransfer.Vision;

/// <summary>
/// Computes the learning rate for each mini-batch step, as Microsoft.ML.Vision's scheduler of the same name does.
/// Only the schedulers in this namespace derive from it (the constructor is internal, as in Vision).
/// </summary>
public abstract class LearningRateScheduler
{
    internal LearningRateScheduler()
    {
    }

    /// <summary>The learning rate to use for one step.</summary>
    /// <param name="globalStep">Mini-batches processed before this one, over all epochs (0 for the very first).</param>
    /// <param name="batchesPerEpoch">Mini-batches in one epoch; converts "epochs per decay" into steps.</param>
    /// <param name="batchSize">Samples per mini-batch (only <see cref="LsrDecay"/> uses it).</param>
    public float GetLearningRate(int globalStep, int batchesPerEpoch, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(globalStep);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchesPerEpoch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        return Compute(globalStep, batchesPerEpoch, batchSize);
    }

    private protected abstract float Compute(int globalStep, int batchesPerEpoch, int batchSize);

    /// <summary>Vision's decay length in steps; at least 1 so a tiny NumEpochsPerDecay cannot divide by zero.</summary>
    private protected static int DecayStepsFor(float numEpochsPerDecay, int batchesPerEpoch) =>
        Math.Max(1, (int)(batchesPerEpoch * numEpochsPerDecay));
}
