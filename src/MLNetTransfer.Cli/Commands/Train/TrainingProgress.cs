using System.Diagnostics;
using MLNetTransfer.Cli.Output;
using MLNetTransfer.Featurization;
using MLNetTransfer.Vision;
using static MLNetTransfer.Vision.ImageClassificationTrainer;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>
/// Turns the trainer's callbacks into progress: one counted line per featurizing pass (with cache hits) and one
/// line per epoch with accuracy and loss, the epoch rate and the ETA.
/// </summary>
public sealed class TrainingProgress(Ui ui, int trainImages, int validationImages, int epochs)
{
    private readonly Stopwatch _trainingClock = new();
    private readonly object _gate = new();
    private FeaturizeProgress _counts;
    private ProgressLine? _featurizing;
    private ImageClassificationMetrics.Dataset? _featurizingSet;
    private TrainMetrics? _pendingTrain;

    public void Attach(ImageClassificationTrainer.Options options)
    {
        options.SetProgress = OnFeaturized;
        options.MetricsCallback = OnMetrics;
    }

    /// <summary>Ends any open line and prints the last epoch if it is still waiting for its validation numbers.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            FinishFeaturizing();
            if (_pendingTrain is not null)
                PrintEpoch(_pendingTrain, null);
            _pendingTrain = null;
        }
    }

    internal void OnFeaturized(ImageClassificationMetrics.Dataset set, FeaturizeProgress counts)
    {
        lock (_gate)
        {
            if (_featurizingSet != set)
            {
                FinishFeaturizing();
                _featurizingSet = set;
                _counts = default;
                var total = set == ImageClassificationMetrics.Dataset.Train ? trainImages : validationImages;
                _featurizing = ui.Progress($"featurizing {set.ToString().ToLowerInvariant()}", total, "images");
            }
            _counts = Latest(_counts, counts);
            _featurizing!.Report(_counts.Processed, CacheText());
        }
    }

    /// <summary>
    /// The featurizer's threads may report out of order; every count only grows within a pass, so the larger of each
    /// is the newer one.
    /// </summary>
    internal static FeaturizeProgress Latest(FeaturizeProgress seen, FeaturizeProgress reported) => new(
        Math.Max(seen.Processed, reported.Processed), Math.Max(seen.FromCache, reported.FromCache),
        Math.Max(seen.Computed, reported.Computed), Math.Max(seen.Skipped, reported.Skipped));

    private void OnMetrics(ImageClassificationMetrics metrics)
    {
        if (metrics.Train is not { } epoch)
            return;
        lock (_gate)
        {
            FinishFeaturizing();
            _trainingClock.Start();
            if (epoch.DatasetUsed == ImageClassificationMetrics.Dataset.Train)
            {
                // A train line still pending means the previous epoch had no validation numbers.
                if (_pendingTrain is not null)
                    PrintEpoch(_pendingTrain, null);
                _pendingTrain = epoch;
            }
            else
            {
                PrintEpoch(_pendingTrain, epoch);
                _pendingTrain = null;
            }
        }
    }

    private void FinishFeaturizing()
    {
        _featurizing?.Finish(_counts.Processed, CacheText());
        _featurizing = null;
    }

    private string CacheText() => $"{_counts.FromCache} from cache, {_counts.Computed} computed, {_counts.Skipped} skipped";

    private void PrintEpoch(TrainMetrics? train, TrainMetrics? validation)
    {
        var epoch = (train ?? validation)!.Epoch + 1;
        var seconds = _trainingClock.Elapsed.TotalSeconds;
        var rate = seconds > 0 ? epoch / seconds : 0;
        var eta = rate > 0 && epoch < epochs ? $", ETA {Format.Duration(TimeSpan.FromSeconds((epochs - epoch) / rate))} at most" : "";
        var parts = new List<string>();
        if (train is not null)
            parts.Add($"train accuracy {Format.Number(train.Accuracy)} loss {Format.Number(train.CrossEntropy)}");
        if (validation is not null)
            parts.Add($"validation accuracy {Format.Number(validation.Accuracy)} loss {Format.Number(validation.CrossEntropy)}");
        var learningRate = train is null ? "" : $", lr {Format.Number(train.LearningRate, 5)}";
        ui.Line($"epoch {epoch}/{epochs}: {string.Join(", ", parts)}{learningRate} ({Format.Number(rate, 1)} epochs/s{eta})");
    }
}
