using MLNetTransfer.Training;

namespace MLNetTransfer.Tests.Training;

public sealed class StandardizationTests
{
    private static readonly SyntheticClasses Source = new(classCount: 3, featureCount: 16, separation: 4f, seed: 31);

    [Fact]
    public void HeadOnRawFeaturesMatchesTrainingOnPreStandardizedFeatures()
    {
        var train = Source.Sample(150, seed: 32);
        var test = Source.Sample(100, seed: 33);
        var standardizer = FeatureStandardizer.Fit(train.Features, train.FeatureCount);
        var standardizedTrain = train.Features.ToArray();
        standardizer.ApplyInPlace(standardizedTrain);
        var options = new HeadTrainingOptions { Epoch = 20 };

        var folded = SoftmaxHeadTrainer.Train(train.Features, train.Labels, train.FeatureCount, 3, options).Head;
        var onStandardized = SoftmaxHeadTrainer.Train(standardizedTrain, train.Labels, train.FeatureCount, 3,
            new HeadTrainingOptions { Epoch = 20, StandardizeFeatures = false }).Head;

        var raw = new float[3];
        var reference = new float[3];
        for (int i = 0; i < test.Count; i++)
        {
            var z = test.Row(i).ToArray();
            standardizer.ApplyInPlace(z);
            folded.Score(test.Row(i), raw);
            onStandardized.Score(z, reference);
            raw.Should().BeEquivalentTo(reference, o => o.Using<float>(c => c.Subject.Should().BeApproximately(c.Expectation, 1e-4f)).WhenTypeIs<float>());
        }
        // Standardization did change the weights: the folded head is not the standardized one.
        folded.Weights.Should().NotEqual(onStandardized.Weights);
    }

    [Fact]
    public void StandardizedRowsAreCentredWithUnitAverageDeviationAndKeepRelativeScale()
    {
        var train = Source.Sample(500, seed: 34);
        var rows = train.Features.ToArray();
        var before = Deviations(rows, train.Count, train.FeatureCount);
        FeatureStandardizer.Fit(rows, train.FeatureCount).ApplyInPlace(rows);
        var after = Deviations(rows, train.Count, train.FeatureCount);

        for (int j = 0; j < train.FeatureCount; j++)
        {
            var mean = Enumerable.Range(0, train.Count).Average(i => (double)rows[i * train.FeatureCount + j]);
            mean.Should().BeApproximately(0, 1e-5);
            // One shared scale: a feature twice as spread out as another stays twice as spread out.
            (after[j] / after[0]).Should().BeApproximately(before[j] / before[0], 1e-4);
        }
        after.Average().Should().BeApproximately(1, 1e-4);
    }

    private static double[] Deviations(float[] rows, int count, int featureCount) =>
        Enumerable.Range(0, featureCount).Select(j =>
        {
            var column = Enumerable.Range(0, count).Select(i => (double)rows[i * featureCount + j]).ToArray();
            var mean = column.Average();
            return Math.Sqrt(column.Select(v => (v - mean) * (v - mean)).Average());
        }).ToArray();

    [Fact]
    public void FoldGivesTheSameLogitsOnRawFeatures()
    {
        var data = Source.Sample(50, seed: 35);
        var standardizer = FeatureStandardizer.Fit(data.Features, data.FeatureCount);
        var random = new Random(36);
        var weights = Enumerable.Range(0, 3 * data.FeatureCount).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        float[] bias = [0.3f, -0.1f, 0.05f];
        var standardHead = new LinearHead(3, data.FeatureCount, weights, bias);
        var rawHead = standardizer.Fold(3, weights, bias);

        var expected = new float[3];
        var actual = new float[3];
        for (int i = 0; i < data.Count; i++)
        {
            var z = data.Row(i).ToArray();
            standardizer.ApplyInPlace(z);
            standardHead.Score(z, expected);
            rawHead.Score(data.Row(i), actual);
            for (int k = 0; k < 3; k++)
                actual[k].Should().BeApproximately(expected[k], 1e-5f);
        }
    }

    [Fact]
    public void ConstantFeatureStaysFinite()
    {
        // Column 0 is constant: its deviation is 0, which must not turn into a division by zero.
        var train = Source.Sample(60, seed: 37);
        for (int i = 0; i < train.Count; i++)
            train.Features[i * train.FeatureCount] = 5f;

        var result = SoftmaxHeadTrainer.Train(train.Features, train.Labels, train.FeatureCount, 3, new HeadTrainingOptions { Epoch = 5 });

        result.Head.Weights.Should().OnlyContain(w => float.IsFinite(w));
        result.Head.Bias.Should().OnlyContain(b => float.IsFinite(b));
    }
}
