namespace MLNetTransfer.Vision;

/// <summary>
/// Polynomial learning-rate decay, as TensorFlow's <c>tf.compat.v1.train.polynomial_decay</c> and Microsoft.ML.Vision:
/// <c>lr = (LearningRate - EndLearningRate) * (1 - step / decaySteps) ^ Power + EndLearningRate</c>, where
/// <c>decaySteps = (int)(batchesPerEpoch * NumEpochsPerDecay)</c>. Without <see cref="Cycle"/>, <c>step = min(globalStep, decaySteps)</c>,
/// so the rate stays at <see cref="EndLearningRate"/> afterwards; with it, past the first period the decay restarts over
/// <c>decaySteps * ceil(globalStep / decaySteps)</c> steps.
/// </summary>
public sealed class PolynomialLRDecay : LearningRateScheduler
{
    /// <summary>Initial learning rate.</summary>
    public readonly float LearningRate;

    /// <summary>The minimal end learning rate.</summary>
    public readonly float EndLearningRate;

    /// <summary>The power of the polynomial.</summary>
    public readonly float Power;

    /// <summary>Whether to cycle once the decay has been reached.</summary>
    public readonly bool Cycle;

    /// <summary>Number of epochs over which the learning rate decays.</summary>
    public readonly float NumEpochsPerDecay;

    public PolynomialLRDecay(float learningRate = 0.01f, float numEpochsPerDecay = 2.0f, float endLearningRate = 0.0001f, float power = 1.0f, bool cycle = false)
    {
        LearningRate = learningRate;
        NumEpochsPerDecay = numEpochsPerDecay;
        EndLearningRate = endLearningRate;
        Power = power;
        Cycle = cycle;
    }

    private protected override float Compute(int globalStep, int batchesPerEpoch, int batchSize)
    {
        int decaySteps = DecayStepsFor(NumEpochsPerDecay, batchesPerEpoch);
        double fraction;
        if (Cycle && globalStep > decaySteps)
        {
            double period = decaySteps * Math.Ceiling((double)globalStep / decaySteps);
            fraction = globalStep / period;
        }
        else
        {
            fraction = (double)Math.Min(globalStep, decaySteps) / decaySteps;
        }
        return (float)((LearningRate - EndLearningRate) * Math.Pow(1 - fraction, Power) + EndLearningRate);
    }
}
