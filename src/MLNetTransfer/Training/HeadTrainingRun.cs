namespace MLNetTransfer.Training;

/// <summary>Weights (on the features the run trained on) and history of one finished run.</summary>
internal sealed record HeadTrainingOutcome(float[] Weights, float[] Bias, IReadOnlyList<EpochRecord> History, int BestEpoch, bool StoppedEarly,
    string? Fallback = null);

/// <summary>
/// The epoch loop: shuffle, mini-batch SGD steps with the scheduled learning rate, per-epoch metrics and callbacks,
/// early stopping with best-epoch weights. Single-threaded and seeded, so a run is bit-reproducible.
/// </summary>
internal sealed class HeadTrainingRun(LabeledRows train, LabeledRows? validation, int classCount, HeadTrainingOptions options)
{
    private readonly SoftmaxSgd _sgd = new(classCount, train.FeatureCount, options);
    private readonly int _batchesPerEpoch = (train.Count + options.BatchSize - 1) / options.BatchSize;

    // What the scheduler is told, as Vision tells it: whole batches only, so the last, smaller batch is not counted.
    private readonly int _scheduledBatchesPerEpoch = TrainStep.WholeBatches(train.Count, options.BatchSize);

    public HeadTrainingOutcome Execute(CancellationToken cancellationToken)
    {
        var order = new int[train.Count];
        for (int i = 0; i < order.Length; i++)
            order[i] = i;
        var random = new Random(options.Seed);
        var earlyStopping = options.EarlyStoppingCriteria?.FreshCopy();
        var best = earlyStopping is null ? null : new BestEpochTracker(earlyStopping.MonitorsLoss, _sgd.Weights.Length, _sgd.Bias.Length);
        // Accuracy on a few dozen photos moves in steps too coarse to show progress: watch the loss from the start.
        string? fallback = null;
        if (earlyStopping is { MonitorsLoss: false } && validation is not null && validation.Count < EarlyStoppingFallback.MinValidationPhotos)
            (earlyStopping, best, fallback) = EarlyStoppingFallback.ToLoss(earlyStopping, _sgd, EarlyStoppingFallback.TooFewPhotos(validation.Count));
        // Grown as epochs run: an absurd Epoch must not allocate its whole history up front.
        var history = new List<EpochRecord>(Math.Min(options.Epoch, 256));
        var schedule = options.LearningRateScheduler is null ? null : LearningRateSchedule.For(options.LearningRateScheduler);

        for (int epoch = 0; epoch < options.Epoch; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (epoch == 0 || options.ReshuffleEveryEpoch)
                Shuffle(order, random);

            var running = new SetMetrics.Accumulator();
            float learningRate = options.LearningRate;
            for (int b = 0; b < _batchesPerEpoch; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                learningRate = schedule?.RateAt(new TrainStep(epoch, b, _scheduledBatchesPerEpoch, options.BatchSize))
                    ?? options.LearningRate;
                if (!(learningRate > 0) || !float.IsFinite(learningRate))
                {
                    throw new HeadTrainingException($"The learning rate became {learningRate} in epoch {epoch} (a 32-bit float " +
                        "underflows to 0 below about 1e-45): nothing would be learnt. Use a larger learning rate or a slower decay.");
                }
                int start = b * options.BatchSize;
                var batch = order.AsSpan(start, Math.Min(options.BatchSize, order.Length - start));
                _sgd.Step(train, batch, learningRate, ref running);
            }

            var trainMetrics = options.TestOnTrainSet ? SetMetrics.Evaluate(train, _sgd.Weights, _sgd.Bias) : running.Result;
            if (!float.IsFinite(trainMetrics.Loss) || !WeightsAreFinite())
            {
                throw new HeadTrainingException($"Training diverged in epoch {epoch}: the training loss is {trainMetrics.Loss} " +
                    $"with learning rate {learningRate}. Use a smaller learning rate (LearningRate, --learning-rate), e.g. {learningRate / 10:G3}.");
            }
            if (options.TestOnTrainSet)
                Report(MetricsSet.Train, _batchesPerEpoch, epoch, trainMetrics, learningRate);

            SetMetrics? validationMetrics = null;
            if (validation is not null)
            {
                validationMetrics = SetMetrics.Evaluate(validation, _sgd.Weights, _sgd.Bias);
                int validationBatches = (validation.Count + options.BatchSize - 1) / options.BatchSize;
                Report(MetricsSet.Validation, validationBatches, epoch, validationMetrics.Value, learningRate);
            }

            history.Add(new EpochRecord(epoch, learningRate, trainMetrics.Accuracy, trainMetrics.Loss,
                validationMetrics?.Accuracy, validationMetrics?.Loss));

            if (earlyStopping is null || best is null)
                continue;
            // At 100 % validation accuracy there is nothing left for accuracy to show: the loss still can.
            if (fallback is null && !earlyStopping.MonitorsLoss && validationMetrics is { Accuracy: >= 1f })
                (earlyStopping, best, fallback) = EarlyStoppingFallback.ToLoss(earlyStopping, _sgd, EarlyStoppingFallback.PerfectAccuracy(epoch));
            // Vision monitors the validation set; without one, the training set stands in.
            var monitored = validationMetrics ?? trainMetrics;
            var monitoredSet = validationMetrics is null ? MetricsSet.Train : MetricsSet.Validation;
            best.Offer(epoch, monitored, _sgd.Weights, _sgd.Bias);
            bool stop = earlyStopping.ShouldStop(Metrics(monitoredSet, _batchesPerEpoch, epoch, monitored, learningRate));
            // Under the fallback, never before the minimum number of epochs: one lucky early epoch must not end the run.
            if (stop && fallback is not null && epoch + 1 < EarlyStoppingFallback.MinimumEpochs)
                stop = false;
            if (stop && epoch < options.Epoch - 1)
                return new HeadTrainingOutcome(best.Weights.ToArray(), best.Bias.ToArray(), history, best.Epoch, StoppedEarly: true, fallback);
        }

        return best is null
            ? new HeadTrainingOutcome(_sgd.Weights, _sgd.Bias, history, history.Count - 1, StoppedEarly: false, fallback)
            : new HeadTrainingOutcome(best.Weights.ToArray(), best.Bias.ToArray(), history, best.Epoch, StoppedEarly: false, fallback);
    }

    private bool WeightsAreFinite()
    {
        foreach (var w in _sgd.Weights)
        {
            if (!float.IsFinite(w))
                return false;
        }
        return true;
    }

    private void Report(MetricsSet set, int batches, int epoch, SetMetrics metrics, float learningRate)
    {
        options.MetricsCallback?.Invoke(Metrics(set, batches, epoch, metrics, learningRate));
    }

    private static EpochMetrics Metrics(MetricsSet set, int batches, int epoch, SetMetrics metrics, float learningRate) =>
        new(set, batches, epoch, metrics.Accuracy, metrics.Loss, learningRate);

    // Fisher-Yates with the run's seeded generator.
    private static void Shuffle(int[] order, Random random)
    {
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
