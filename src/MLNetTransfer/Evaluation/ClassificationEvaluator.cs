namespace MLNetTransfer.Evaluation;

/// <summary>Computes accuracy, log-loss, top-k, per-class metrics and the confusion matrix from scored images.</summary>
public static class ClassificationEvaluator
{
    public static EvaluationResult Evaluate(IReadOnlyList<string> classes, IReadOnlyList<ScoredImage> scored,
        IReadOnlyCollection<int>? topK = null, int maxMistakes = 12)
    {
        var k = classes.Count;
        if (k == 0)
            throw new ArgumentException("No classes.", nameof(classes));
        var confusion = Enumerable.Range(0, k).Select(_ => new int[k]).ToArray();
        var ks = (topK ?? [1, Math.Min(3, k), Math.Min(5, k)]).Where(v => v >= 1 && v <= k).Distinct().Order().ToArray();
        var topHits = new int[ks.Length];
        double logLoss = 0;
        var correct = 0;

        foreach (var image in scored)
        {
            if (image.Scores.Length != k)
                throw new ArgumentException($"'{image.Name}' has {image.Scores.Length} scores for {k} classes.");
            if (image.TrueClass < 0 || image.TrueClass >= k)
                throw new ArgumentException($"'{image.Name}' has class {image.TrueClass}, outside 0..{k - 1}.");
            var predicted = image.PredictedClass;
            confusion[image.TrueClass][predicted]++;
            if (predicted == image.TrueClass)
                correct++;
            logLoss -= Math.Log(Math.Max(image.Scores[image.TrueClass], 1e-15));

            // Rank of the true class: how many classes score strictly higher.
            var rank = image.Scores.Count(s => s > image.Scores[image.TrueClass]);
            for (var i = 0; i < ks.Length; i++)
            {
                if (rank < ks[i])
                    topHits[i]++;
            }
        }

        var n = scored.Count;
        var perClass = new ClassMetrics[k];
        var recalls = new List<double>();
        for (var c = 0; c < k; c++)
        {
            var truePositives = confusion[c][c];
            var support = confusion[c].Sum();
            var predictedCount = confusion.Sum(row => row[c]);
            var precision = predictedCount == 0 ? 0 : (double)truePositives / predictedCount;
            var recall = support == 0 ? 0 : (double)truePositives / support;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            perClass[c] = new ClassMetrics(classes[c], precision, recall, f1, support);
            if (support > 0)
                recalls.Add(recall);
        }

        var mistakes = scored.Where(s => s.PredictedClass != s.TrueClass).OrderByDescending(s => s.Confidence).ToArray();
        return new EvaluationResult
        {
            Classes = classes,
            Count = n,
            MicroAccuracy = n == 0 ? 0 : (double)correct / n,
            MacroAccuracy = recalls.Count == 0 ? 0 : recalls.Average(),
            LogLoss = n == 0 ? 0 : logLoss / n,
            TopKAccuracy = ks.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => n == 0 ? 0 : (double)topHits[p.i] / n),
            PerClass = perClass,
            ConfusionMatrix = confusion,
            MostConfidentMistakes = mistakes.Take(maxMistakes).ToArray(),
            Mistakes = mistakes,
        };
    }
}
