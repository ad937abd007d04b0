using MLNetTransfer.Training;

namespace MLNetTransfer.Evaluation;

/// <summary>
/// Finds training images whose label looks wrong: the head is trained k times, each time without one fold, and
/// scores the fold it did not see. Out-of-fold probabilities cannot be memorised, so a mislabelled image gets a low
/// probability for its given label instead of the near-1 a head trained on it would give. Cheap on bottleneck
/// features: k head trainings, no backbone run.
/// </summary>
internal static class LabelNoiseFinder
{
    public const int DefaultFolds = 5;

    /// <summary>
    /// Out-of-fold class probabilities of every row, row-major [rows, classCount]. Folds are stratified by label and
    /// drawn with <paramref name="options"/>' seed; a class with fewer rows than folds still has a row in training
    /// for every fold but the one holding its rows.
    /// </summary>
    public static float[] OutOfFoldProbabilities(ReadOnlySpan<float> features, int[] labels, int featureCount, int classCount,
        HeadTrainingOptions options, int folds = DefaultFolds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(options);
        if (folds < 2)
            throw new ArgumentOutOfRangeException(nameof(folds), folds, "Out-of-fold predictions need at least 2 folds.");
        if (features.Length != labels.Length * featureCount)
            throw new ArgumentException($"{labels.Length} labels need {labels.Length * featureCount} features, got {features.Length}.");

        var fold = AssignFolds(labels, folds, options.Seed);
        var probabilities = new float[labels.Length * classCount];
        var quiet = QuietCopy(options);
        // The folds are independent (each its own rows, the same seed) and each head trains on one thread: they train
        // side by side, one per core, and give the same probabilities as one after another.
        var all = features.ToArray();
        try
        {
            Parallel.For(0, folds, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
                f => TrainFold(f));
        }
        catch (AggregateException e)
        {
            // A fold's own error (the first), as a sequential loop would have thrown it.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException!).Throw();
        }
        return probabilities;

        void TrainFold(int f)
        {
            var trainRows = Enumerable.Range(0, labels.Length).Where(r => fold[r] != f).ToArray();
            var heldRows = Enumerable.Range(0, labels.Length).Where(r => fold[r] == f).ToArray();
            if (heldRows.Length == 0 || trainRows.Length == 0)
                return;
            var trainFeatures = new float[trainRows.Length * featureCount];
            for (var i = 0; i < trainRows.Length; i++)
                all.AsSpan(trainRows[i] * featureCount, featureCount).CopyTo(trainFeatures.AsSpan(i * featureCount));
            var head = SoftmaxHeadTrainer.Train(trainFeatures, trainRows.Select(r => labels[r]).ToArray(), featureCount, classCount,
                quiet, cancellationToken).Head;
            foreach (var row in heldRows)
                head.Score(all.AsSpan(row * featureCount, featureCount), probabilities.AsSpan(row * classCount, classCount));
        }
    }

    /// <summary>
    /// The rows whose out-of-fold prediction is not their given label, worst (highest loss of the given label) first.
    /// </summary>
    public static IReadOnlyList<LabelNoiseCandidate> Find(ReadOnlySpan<float> features, int[] labels, IReadOnlyList<string> names,
        int featureCount, int classCount, HeadTrainingOptions options, int folds = DefaultFolds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count != labels.Length)
            throw new ArgumentException($"{labels.Length} labels but {names.Count} names.", nameof(names));
        var probabilities = OutOfFoldProbabilities(features, labels, featureCount, classCount, options, folds, cancellationToken);
        return Candidates(probabilities, labels, names, classCount);
    }

    /// <summary>Rows predicted as another class than their label, sorted by the given label's loss, worst first.</summary>
    public static IReadOnlyList<LabelNoiseCandidate> Candidates(float[] probabilities, int[] labels, IReadOnlyList<string> names, int classCount)
    {
        var candidates = new List<LabelNoiseCandidate>();
        for (var row = 0; row < labels.Length; row++)
        {
            var scores = probabilities.AsSpan(row * classCount, classCount);
            var predicted = DenseKernels.ArgMax(scores);
            if (predicted != labels[row])
                candidates.Add(new LabelNoiseCandidate(names[row], labels[row], predicted, scores[labels[row]], scores[predicted]));
        }
        return candidates.OrderByDescending(c => c.Loss).ThenBy(c => c.Name, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Each class's rows shuffled and dealt round-robin, so every fold holds about the same share of every class.</summary>
    internal static int[] AssignFolds(int[] labels, int folds, int seed)
    {
        var random = new Random(seed);
        var fold = new int[labels.Length];
        var next = 0;
        foreach (var group in Enumerable.Range(0, labels.Length).GroupBy(r => labels[r]).OrderBy(g => g.Key))
        {
            var rows = group.ToArray();
            random.Shuffle(rows);
            foreach (var row in rows)
                fold[row] = next++ % folds;
        }
        return fold;
    }

    /// <summary>The same training settings without callbacks: the fold heads are an internal detail, not epochs to report.</summary>
    private static HeadTrainingOptions QuietCopy(HeadTrainingOptions options)
    {
        var quiet = options.Copy();
        quiet.EarlyStoppingCriteria = null;
        quiet.MetricsCallback = null;
        quiet.TestOnTrainSet = false;
        return quiet;
    }
}
