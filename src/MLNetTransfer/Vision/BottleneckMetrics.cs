namespace MLNetTransfer.Vision;

public sealed partial class ImageClassificationTrainer
{
    /// <summary>Progress of image featurization (bottleneck computation), as Microsoft.ML.Vision's BottleneckMetrics.</summary>
    public sealed class BottleneckMetrics
    {
        /// <summary>The data set being featurized.</summary>
        public ImageClassificationMetrics.Dataset DatasetUsed { get; set; }

        /// <summary>Number of images featurized so far in this data set.</summary>
        public int Index { get; set; }

        public override string ToString() =>
            $"Phase: Bottleneck Computation, Dataset used: {DatasetUsed,10}, Image Index: {Index,3}";
    }
}
