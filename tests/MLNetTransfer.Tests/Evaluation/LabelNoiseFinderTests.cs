using MLNetTransfer.Evaluation;
using MLNetTransfer.Training;

namespace MLNetTransfer.Tests.Evaluation;

public class LabelNoiseFinderTests
{
    private const int Classes = 3;
    private const int PerClass = 20;
    // More features than rows: a head trained on a row can memorise it, whatever its label.
    private const int Features = 80;
    private static readonly int[] Flipped = [5, 27, 48];

    [Fact]
    public void Flipped_labels_are_the_worst_candidates_out_of_fold()
    {
        var (features, labels, names) = Clusters();

        var candidates = LabelNoiseFinder.Find(features, labels, names, Features, Classes, Options());

        candidates.Take(Flipped.Length).Select(c => c.Name).Should().BeEquivalentTo(Flipped.Select(r => names[r]));
        foreach (var candidate in candidates.Take(Flipped.Length))
        {
            var row = Array.IndexOf(names, candidate.Name);
            candidate.GivenClass.Should().Be(labels[row]);
            candidate.PredictedClass.Should().Be(row / PerClass, "the image sits in its true cluster");
            candidate.GivenProbability.Should().BeLessThan(0.2f);
            candidate.Loss.Should().BeApproximately(-Math.Log(candidate.GivenProbability), 1e-9);
        }
        candidates.Select(c => c.Loss).Should().BeInDescendingOrder();
    }

    [Fact]
    public void A_head_trained_on_the_images_memorises_the_flipped_labels_the_out_of_fold_one_cannot()
    {
        var (features, labels, _) = Clusters();
        var inSample = SoftmaxHeadTrainer.Train(features, labels, Features, Classes, Options()).Head;
        var outOfFold = LabelNoiseFinder.OutOfFoldProbabilities(features, labels, Features, Classes, Options());

        foreach (var row in Flipped)
        {
            var scores = new float[Classes];
            inSample.Score(features.AsSpan(row * Features, Features), scores);
            scores[labels[row]].Should().BeGreaterThan(0.5f, "training on the row teaches its wrong label");
            outOfFold[row * Classes + labels[row]].Should().BeLessThan(0.2f);
        }
    }

    [Fact]
    public void Folds_hold_every_class_evenly()
    {
        var labels = Enumerable.Range(0, 53).Select(i => i % 4 == 0 ? 1 : 0).ToArray();

        var folds = LabelNoiseFinder.AssignFolds(labels, 5, seed: 3);

        foreach (var c in new[] { 0, 1 })
        {
            var perFold = Enumerable.Range(0, 5).Select(f => Enumerable.Range(0, labels.Length).Count(r => labels[r] == c && folds[r] == f)).ToArray();
            (perFold.Max() - perFold.Min()).Should().BeLessThanOrEqualTo(1, $"class {c} is dealt round the folds");
        }
        LabelNoiseFinder.AssignFolds(labels, 5, seed: 3).Should().Equal(folds, "the same seed gives the same folds");
    }

    [Fact]
    public void Csv_quotes_fields_and_keeps_the_order()
    {
        var classes = new[] { "cat", "dog, big" };
        var candidates = new[]
        {
            new LabelNoiseCandidate("a \"b\".jpg", 0, 1, 0.25f, 0.75f),
            new LabelNoiseCandidate("c.jpg", 1, 0, 0.5f, 0.5f),
        };

        var lines = LabelNoiseCsv.Format(candidates, classes).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines.Should().Equal(
            "path,given_label,predicted_label,given_probability,predicted_probability,loss",
            "\"a \"\"b\"\".jpg\",cat,\"dog, big\",0.250000,0.750000,1.3863",
            "c.jpg,\"dog, big\",cat,0.500000,0.500000,0.6931");
    }

    private static HeadTrainingOptions Options() => new() { Epoch = 60, BatchSize = 8, LearningRate = 0.05f, Seed = 2, L2Regularization = 0 };

    /// <summary>Three well separated clusters with noise; three rows carry the label of another cluster.</summary>
    private static (float[] Features, int[] Labels, string[] Names) Clusters()
    {
        var random = new Random(7);
        var count = Classes * PerClass;
        var features = new float[count * Features];
        var labels = new int[count];
        for (var row = 0; row < count; row++)
        {
            var cluster = row / PerClass;
            labels[row] = cluster;
            for (var j = 0; j < Features; j++)
                features[row * Features + j] = (float)(random.NextDouble() * 2 - 1) + (j % Classes == cluster ? 1.5f : 0f);
        }
        foreach (var row in Flipped)
            labels[row] = (labels[row] + 1) % Classes;
        return (features, labels, Enumerable.Range(0, count).Select(r => $"img{r:D2}.jpg").ToArray());
    }
}
