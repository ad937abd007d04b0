using MLNetTransfer.Training;

namespace MLNetTransfer.Tests.Training;

public sealed class LinearHeadTests
{
    private static LinearHead RandomHead(int classes, int features, double scale, int seed)
    {
        var random = new Random(seed);
        var weights = Enumerable.Range(0, classes * features).Select(_ => (float)((random.NextDouble() - 0.5) * scale)).ToArray();
        var bias = Enumerable.Range(0, classes).Select(_ => (float)((random.NextDouble() - 0.5) * scale)).ToArray();
        return new LinearHead(classes, features, weights, bias);
    }

    [Theory]
    [InlineData(2, 3, 1.0)]
    [InlineData(7, 50, 1.0)]
    [InlineData(5, 20, 1e6)]   // logits around 1e7: without subtracting the max, exp would overflow
    public void ProbabilitiesAreFiniteAndSumToOne(int classes, int features, double scale)
    {
        var head = RandomHead(classes, features, scale, seed: classes);
        var random = new Random(99);
        var p = new float[classes];
        for (int row = 0; row < 20; row++)
        {
            var x = Enumerable.Range(0, features).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
            head.Score(x, p);
            p.Should().OnlyContain(v => float.IsFinite(v) && v >= 0 && v <= 1);
            p.Sum().Should().BeApproximately(1f, 1e-5f);
            head.Predict(x).Should().Be(Array.IndexOf(p, p.Max()));
        }
    }

    [Fact]
    public void ScoreIsSoftmaxOfTheAffineMap()
    {
        // Two classes, two features: logits are [1*2 + 0*3 + 0, 0*2 + 1*3 + 1] = [2, 4].
        var head = new LinearHead(2, 2, [1f, 0f, 0f, 1f], [0f, 1f]);
        var p = new float[2];
        head.Score([2f, 3f], p);
        p[1].Should().BeApproximately(1f / (1f + MathF.Exp(-2f)), 1e-6f);
        head.Predict([2f, 3f]).Should().Be(1);
    }

    [Fact]
    public void WrongLengthsAreRejected()
    {
        var head = RandomHead(3, 4, 1, seed: 1);
        FluentActions.Invoking(() => head.Score(new float[5], new float[3])).Should().Throw<ArgumentException>().WithMessage("Expected 4 features, got 5.*");
        FluentActions.Invoking(() => head.Score(new float[4], new float[2])).Should().Throw<ArgumentException>().WithMessage("*3 probabilities*");
        FluentActions.Invoking(() => head.Predict(new float[3])).Should().Throw<ArgumentException>();
    }
}
