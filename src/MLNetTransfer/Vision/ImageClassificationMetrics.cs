namespace MLNetTransfer.Vision;

public sealed partial class ImageClassificationTrainer
{
    /// <summary>
    /// What the trainer reports through its metrics callback, as in Microsoft.ML.Vision: <see cref="Train"/> during training
    /// (once per epoch and data set), <see cref="Bottleneck"/> while featurizing images. The other one is null.
    /// </summary>
    public sealed class ImageClassificationMetrics
    {
        /// <summary>The data set that metrics were computed on.</summary>
        public enum Dataset
        {
            Train,
            Validation,
        }

        /// <summary>Training-phase metrics; null during bottleneck computation.</summary>
        public TrainMetrics? Train { get; set; }

        /// <summary>Featurization-phase metrics; null during training.</summary>
        public BottleneckMetrics? Bottleneck { get; set; }

        public override string ToString() => Train?.ToString() ?? Bottleneck?.ToString() ?? "";
    }
}
