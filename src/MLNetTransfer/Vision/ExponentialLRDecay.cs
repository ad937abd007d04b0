namespace MLNetTransfer.Vision;

/// <summary>
/// Exponential learning-rate decay, as TensorFlow's <c>tf.compat.v1.train.exponential_decay</c> and Microsoft.ML.Vision:
/// <c>lr = LearningRate * DecayRate ^ (globalStep / decaySteps)</c>, where
/// <c>decaySteps = (int)(batchesPerEpoch * NumEpochsPerDecay)</c> and the exponent is floored when
/// <see cref="Staircase"/> is true (the rate then drops in discrete steps). Defaults come from TensorFlow Slim, as in Vision.
/// </summary>
public sealed class ExponentialLRDecay : LearningRateScheduler
{
    /// <summary>Initial learning rate.</summary>
    public float LearningRate;

    /// <summary>The number of batches seen so far; updated by each <see cref="LearningRateScheduler.GetLearningRate"/> call, as in Vision.</summary>
    public int GlobalStep;

    /// <summary>Number of decay steps; updated by each <see cref="LearningRateScheduler.GetLearningRate"/> call, as in Vision.</summary>
    public int DecaySteps;

    /// <summary>Learning rate decay factor.</summary>
    public float DecayRate;

    /// <summary>If true the learning rate decays at discrete intervals (a staircase function).</summary>
    public bool Staircase;

    /// <summary>Number of epochs after which the learning rate decays.</summary>
    public float NumEpochsPerDecay;

    public ExponentialLRDecay(float learningRate = 0.01f, float numEpochsPerDecay = 2.0f, float decayRate = 0.94f, bool staircase = true)
    {
        LearningRate = learningRate;
        NumEpochsPerDecay = numEpochsPerDecay;
        DecayRate = decayRate;
        Staircase = staircase;
    }

    private protected override float Compute(int globalStep, int batchesPerEpoch, int batchSize)
    {
        DecaySteps = DecayStepsFor(NumEpochsPerDecay, batchesPerEpoch);
        GlobalStep = globalStep;
        double exponent = (double)globalStep / DecaySteps;
        if (Staircase)
            exponent = Math.Floor(exponent);
        return (float)(LearningRate * Math.Pow(DecayRate, exponent));
    }
}
