namespace MLNetTransfer.Vision;

/// <summary>
/// With <see cref="ImageClassificationTrainer.Options.RefitOnAllData"/>: the held-out split chose the epoch count, then
/// the saved head was trained again on every photo (the held-out ones included) for that many epochs.
/// </summary>
/// <param name="Photos">Photos the final head trained on (all usable training photos).</param>
/// <param name="Rows">Feature rows it trained on: photos times views.</param>
/// <param name="Epochs">Epochs of the refit: the best epoch of the split run, counted from 1.</param>
/// <param name="HeldOutPhotos">Photos the split had held out to choose the epoch count, now trained on too.</param>
/// <param name="Elapsed">Time of the refit.</param>
public sealed record RefitReport(int Photos, int Rows, int Epochs, int HeldOutPhotos, TimeSpan Elapsed)
{
    /// <summary>One sentence for logs and reports.</summary>
    public string Note => $"Refit on all {Photos} photos ({Rows} rows with views) for {Epochs} epoch(s), the count the " +
        $"{HeldOutPhotos} held-out photos chose; the validation metrics are those of the head before the refit.";
}
