using Microsoft.ML.Trainers;

namespace MLNetTransfer.Training;

/// <summary>
/// Settings for <see cref="SoftmaxHeadTrainer"/>. Fields, like Vision's Options, so object initializers read the same.
/// Defaults come from <see cref="TrainingDefaults"/>.
/// </summary>
internal sealed class HeadTrainingOptions
{
    /// <summary>Maximum number of passes over the training set.</summary>
    public int Epoch = TrainingDefaults.Epochs;

    /// <summary>Samples per mini-batch; the last batch of an epoch may be smaller.</summary>
    public int BatchSize = TrainingDefaults.BatchSize;

    /// <summary>Constant learning rate, used when <see cref="LearningRateScheduler"/> is null (a scheduler carries its own rate).</summary>
    public float LearningRate = TrainingDefaults.LearningRate;

    /// <summary>
    /// Per-step learning rate from one of ML.NET's schedulers (<see cref="ExponentialLRDecay"/>, <see cref="PolynomialLRDecay"/>,
    /// <see cref="LsrDecay"/>), honoured as Microsoft.ML.Vision honours them; null means the constant <see cref="LearningRate"/>.
    /// </summary>
    public LearningRateScheduler? LearningRateScheduler;

    /// <summary>Stops training when the monitored metric stalls and returns the best epoch's weights; null trains all epochs.</summary>
    public EarlyStoppingRule? EarlyStoppingCriteria;

    /// <summary>
    /// Momentum as a running average of gradients: <c>v = Momentum * v + (1 - Momentum) * g; w -= lr * v</c>. The damping keeps
    /// the effective step of plain SGD at the same <see cref="LearningRate"/> (Vision's optimizer); 0 gives plain SGD.
    /// </summary>
    public float Momentum = TrainingDefaults.Momentum;

    /// <summary>L2 penalty on the weights (not the bias): adds <c>L2Regularization * w</c> to the gradient.</summary>
    public float L2Regularization = TrainingDefaults.L2Regularization;

    /// <summary>Mixes the one-hot target with the uniform distribution: <c>(1 - s) * onehot + s / classCount</c>.</summary>
    public float LabelSmoothing = 0f;

    /// <summary>Per-class loss weights, one per class; null weighs all classes 1. See <see cref="ClassWeighting.Balanced"/>.</summary>
    public float[]? ClassWeights;

    /// <summary>Shuffle the training order at the start of every epoch (otherwise once, before the first).</summary>
    public bool ReshuffleEveryEpoch = true;

    /// <summary>Seeds the shuffling; the same seed and inputs give bit-identical weights.</summary>
    public int Seed = 0;

    /// <summary>
    /// Train on centred features divided by one shared scale (the train set's average per-feature standard deviation);
    /// the returned head applies to raw features.
    /// </summary>
    public bool StandardizeFeatures = true;

    /// <summary>Called at the end of every epoch: the training set, then the validation set if any.</summary>
    public Action<EpochMetrics>? MetricsCallback;

    /// <summary>
    /// Evaluate the whole training set after every epoch (as Vision's option of the same name, it is what reports training
    /// metrics and, without a validation set, what early stopping monitors). When false, training metrics are the running
    /// averages over the epoch's mini-batches and are not reported through <see cref="MetricsCallback"/>.
    /// </summary>
    public bool TestOnTrainSet = true;

    /// <summary>A copy whose fields can be changed without touching these options.</summary>
    internal HeadTrainingOptions Copy() => (HeadTrainingOptions)MemberwiseClone();
}
