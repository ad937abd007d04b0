namespace MLNetTransfer.Training;

/// <summary>Which set an epoch's metrics were measured on.</summary>
internal enum MetricsSet
{
    Train,
    Validation,
}

/// <summary>
/// One set's metrics at the end of an epoch, as the head trainer reports them. <paramref name="Batches"/> is the
/// set's batch count at the run's batch size; <paramref name="Epoch"/> counts from 0.
/// </summary>
internal sealed record EpochMetrics(MetricsSet Set, int Batches, int Epoch, float Accuracy, float CrossEntropy, float LearningRate);
