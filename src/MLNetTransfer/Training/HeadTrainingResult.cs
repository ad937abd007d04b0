namespace MLNetTransfer.Training;

/// <summary>
/// The trained head and how training went. <paramref name="Head"/> holds the weights of <paramref name="BestEpoch"/>:
/// the best monitored epoch under early stopping, otherwise the last epoch.
/// </summary>
public sealed record HeadTrainingResult(LinearHead Head, IReadOnlyList<EpochRecord> History, int BestEpoch, bool StoppedEarly)
{
    /// <summary>
    /// Set when early stopping on validation accuracy could not see a difference (too few validation photos, or
    /// accuracy at 100 %) and watched the validation loss instead, with a minimum number of epochs: says why and from when.
    /// </summary>
    public string? EarlyStoppingFallback { get; init; }
}
