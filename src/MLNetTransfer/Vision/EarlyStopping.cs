using MLNetTransfer.Training;

namespace MLNetTransfer.Vision;

public sealed partial class ImageClassificationTrainer
{
    /// <summary>
    /// Stops training when the monitored metric stops improving, as Microsoft.ML.Vision's EarlyStopping (itself modelled on
    /// Keras' callback): an epoch improves when the metric beats the best so far by at least <see cref="MinDelta"/>, and
    /// training stops after <see cref="Patience"/> consecutive epochs without improvement.
    /// </summary>
    /// <remarks>
    /// One deliberate difference from Vision: Vision starts its "best so far" at 0, so monitoring <see cref="EarlyStoppingMetric.Loss"/>
    /// never sees an improvement and always stops after <see cref="Patience"/> epochs. Here the first epoch sets the baseline.
    /// </remarks>
    public sealed class EarlyStopping
    {
        // The rule itself lives with training; this is its Vision-compatible face.
        private readonly EarlyStoppingRule _rule;

        /// <summary>
        /// As in Vision, <paramref name="checkIncreasing"/> is overridden by <paramref name="metric"/>: accuracy must increase, loss must decrease.
        /// </summary>
        public EarlyStopping(float minDelta = TrainingDefaults.EarlyStoppingMinDelta, int patience = TrainingDefaults.EarlyStoppingPatience,
            EarlyStoppingMetric metric = EarlyStoppingMetric.Accuracy, bool checkIncreasing = true)
        {
            Metric = metric;
            var increasing = metric switch
            {
                EarlyStoppingMetric.Accuracy => true,
                EarlyStoppingMetric.Loss => false,
                _ => checkIncreasing,
            };
            _rule = new EarlyStoppingRule(minDelta, patience, monitorsLoss: metric == EarlyStoppingMetric.Loss, increasing);
        }

        /// <summary>The monitored metric: <see cref="TrainMetrics.Accuracy"/> or <see cref="TrainMetrics.CrossEntropy"/>.</summary>
        public EarlyStoppingMetric Metric { get; }

        /// <summary>Minimum change in the monitored quantity to count as an improvement.</summary>
        public float MinDelta { get => _rule.MinDelta; set => _rule.MinDelta = value; }

        /// <summary>Number of consecutive epochs without improvement after which training stops.</summary>
        public int Patience { get => _rule.Patience; set => _rule.Patience = value; }

        /// <summary>Whether the monitored quantity should increase (accuracy) or decrease (loss).</summary>
        public bool CheckIncreasing { get => _rule.CheckIncreasing; set => _rule.CheckIncreasing = value; }

        /// <summary>Call once at the end of every epoch with that epoch's metrics; true means stop training.</summary>
        public bool ShouldStop(TrainMetrics currentMetrics)
        {
            ArgumentNullException.ThrowIfNull(currentMetrics);
            return _rule.ShouldStop(Metric == EarlyStoppingMetric.Accuracy ? currentMetrics.Accuracy : currentMetrics.CrossEntropy);
        }

        /// <summary>
        /// The rule with these settings and no history. Each training run stops on its own copy, so runs that share one
        /// options object (concurrent runs, a reused options instance) never see each other's epochs.
        /// </summary>
        internal EarlyStoppingRule ToRule() => _rule.FreshCopy();
    }
}
