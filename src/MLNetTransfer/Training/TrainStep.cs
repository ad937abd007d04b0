namespace MLNetTransfer.Training;

/// <summary>
/// Where one mini-batch step falls, in the terms ML.NET's learning-rate schedulers are written in (its internal
/// DnnTrainState, which Microsoft.ML.Vision fills): the 0-based epoch and batch, whole batches per epoch, batch size.
/// </summary>
internal readonly record struct TrainStep(int Epoch, int BatchIndex, int BatchesPerEpoch, int BatchSize)
{
    /// <summary>Vision's step count: <c>Epoch * BatchesPerEpoch + BatchIndex</c>.</summary>
    public int GlobalStep => Epoch * BatchesPerEpoch + BatchIndex;

    /// <summary>
    /// Batches per epoch as Vision tells its scheduler: whole batches only (the last, smaller batch of an epoch is not
    /// counted), but at least 1, where Vision would divide by zero for a train set smaller than one batch.
    /// </summary>
    public static int WholeBatches(int sampleCount, int batchSize) => Math.Max(1, sampleCount / batchSize);
}
