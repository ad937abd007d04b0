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
        private float? _bestMetricValue;
        private int _wait;

        /// <summary>
        /// As in Vision, <paramref name="checkIncreasing"/> is overridden by <paramref name="metric"/>: accuracy must increase, loss must decrease.
        /// </summary>
        public EarlyStopping(float minDelta = 0.01f, int patience = 20, EarlyStoppingMetric metric = EarlyStoppingMetric.Accuracy, bool checkIncreasing = true)
        {
            Metric = metric;
            MinDelta = Math.Abs(minDelta);
            Patience = patience;
            CheckIncreasing = metric switch
            {
                EarlyStoppingMetric.Accuracy => true,
                EarlyStoppingMetric.Loss => false,
                _ => checkIncreasing,
            };
        }

        /// <summary>The monitored metric: <see cref="TrainMetrics.Accuracy"/> or <see cref="TrainMetrics.CrossEntropy"/>.</summary>
        public EarlyStoppingMetric Metric { get; }

        /// <summary>Minimum change in the monitored quantity to count as an improvement.</summary>
        public float MinDelta { get; set; }

        /// <summary>Number of consecutive epochs without improvement after which training stops.</summary>
        public int Patience { get; set; }

        /// <summary>Whether the monitored quantity should increase (accuracy) or decrease (loss).</summary>
        public bool CheckIncreasing { get; set; }

        /// <summary>Call once at the end of every epoch with that epoch's metrics; true means stop training.</summary>
        public bool ShouldStop(TrainMetrics currentMetrics)
        {
            ArgumentNullException.ThrowIfNull(currentMetrics);
            float current = Metric == EarlyStoppingMetric.Accuracy ? currentMetrics.Accuracy : currentMetrics.CrossEntropy;
            if (_bestMetricValue is float best)
            {
                float gain = CheckIncreasing ? current - best : best - current;
                if (gain < MinDelta)
                {
                    _wait++;
                    return _wait >= Patience;
                }
            }
            _wait = 0;
            _bestMetricValue = current;
            return false;
        }

        /// <summary>
        /// A new criterion with these settings and no history. Each training run stops on its own copy, so runs that
        /// share one options object (concurrent runs, a reused options instance) never see each other's epochs.
        /// </summary>
        internal EarlyStopping FreshCopy() => new(MinDelta, Patience, Metric, CheckIncreasing);
    }
}
