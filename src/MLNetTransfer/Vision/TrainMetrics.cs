using MLNetTransfer.Training;

namespace MLNetTransfer.Vision;

public sealed partial class ImageClassificationTrainer
{
    /// <summary>Metrics of one training epoch on one data set, as Microsoft.ML.Vision's TrainMetrics.</summary>
    public sealed class TrainMetrics
    {
        /// <summary>The data set these metrics were computed on.</summary>
        public ImageClassificationMetrics.Dataset DatasetUsed { get; set; }

        /// <summary>The number of batches processed in the epoch.</summary>
        public int BatchProcessedCount { get; set; }

        /// <summary>The 0-based training epoch these metrics belong to.</summary>
        public int Epoch { get; set; }

        /// <summary>Fraction of samples classified correctly. Higher is better.</summary>
        public float Accuracy { get; set; }

        /// <summary>Mean cross-entropy (loss). Lower is better.</summary>
        public float CrossEntropy { get; set; }

        /// <summary>Learning rate used in the epoch (the last step's, when a scheduler changes it).</summary>
        public float LearningRate { get; set; }

        /// <summary>The line Vision prints; the learning rate appears only for the training set.</summary>
        /// <summary>Vision's form of the head trainer's metrics.</summary>
        internal static TrainMetrics From(EpochMetrics metrics) => new()
        {
            DatasetUsed = metrics.Set == MetricsSet.Train ? ImageClassificationMetrics.Dataset.Train : ImageClassificationMetrics.Dataset.Validation,
            BatchProcessedCount = metrics.Batches,
            Epoch = metrics.Epoch,
            Accuracy = metrics.Accuracy,
            CrossEntropy = metrics.CrossEntropy,
            LearningRate = metrics.LearningRate,
        };

        public override string ToString()
        {
            // Same layout and padding as Vision, including its use of the current culture for the numbers.
            string line = $"Phase: Training, Dataset used: {DatasetUsed,10}, Batch Processed Count: {BatchProcessedCount,3}, " +
                $"Epoch: {Epoch,3}, Accuracy: {Accuracy,10}, Cross-Entropy: {CrossEntropy,10}";
            return DatasetUsed == ImageClassificationMetrics.Dataset.Train
                ? line + $", Learning Rate: {LearningRate,10}"
                : line;
        }
    }
}
