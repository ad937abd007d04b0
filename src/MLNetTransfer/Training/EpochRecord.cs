namespace MLNetTransfer.Training;

/// <summary>
/// Metrics of one epoch (0-based). Losses are the plain mean cross-entropy, without smoothing, class weights or L2.
/// Validation values are null when no validation set was given.
/// </summary>
public sealed record EpochRecord(int Epoch, float LearningRate, float TrainAccuracy, float TrainLoss, float? ValidationAccuracy, float? ValidationLoss);
