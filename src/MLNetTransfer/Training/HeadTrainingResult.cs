namespace MLNetTransfer.Training;

/// <summary>
/// The trained head and how training went. <paramref name="Head"/> holds the weights of <paramref name="BestEpoch"/>:
/// the best monitored epoch under early stopping, otherwise the last epoch.
/// </summary>
public sealed record HeadTrainingResult(LinearHead Head, IReadOnlyList<EpochRecord> History, int BestEpoch, bool StoppedEarly);
