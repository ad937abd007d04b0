using MLNetTransfer.Evaluation;

namespace MLNetTransfer.Tests.Evaluation;

public class ClassificationEvaluatorTests
{
    private static readonly string[] Classes = ["cat", "dog", "fox"];

    private static ScoredImage Image(string name, int truth, params float[] scores) => new(name, truth, scores);

    [Fact]
    public void Computes_accuracies_log_loss_top_k_and_confusion()
    {
        ScoredImage[] scored =
        [
            Image("a", 0, 0.7f, 0.2f, 0.1f),  // right
            Image("b", 0, 0.3f, 0.6f, 0.1f),  // wrong, true class second
            Image("c", 1, 0.1f, 0.8f, 0.1f),  // right
            Image("d", 2, 0.5f, 0.4f, 0.1f),  // wrong, true class third
        ];

        var result = ClassificationEvaluator.Evaluate(Classes, scored, topK: [1, 2]);

        result.MicroAccuracy.Should().Be(0.5);
        result.MacroAccuracy.Should().BeApproximately((0.5 + 1 + 0) / 3, 1e-12);
        result.LogLoss.Should().BeApproximately(-(Math.Log(0.7) + Math.Log(0.3) + Math.Log(0.8) + Math.Log(0.1)) / 4, 1e-6);
        result.TopKAccuracy[1].Should().Be(0.5);
        result.TopKAccuracy[2].Should().Be(0.75);
        result.ConfusionMatrix[0].Should().Equal(1, 1, 0);
        result.ConfusionMatrix[2].Should().Equal(1, 0, 0);
        result.PerClass[1].Precision.Should().Be(0.5);
        result.PerClass[1].Recall.Should().Be(1);
        result.PerClass[1].F1.Should().BeApproximately(2 * 0.5 / 1.5, 1e-12);
        result.PerClass[2].Support.Should().Be(1);
        result.MostConfidentMistakes.Select(m => m.Name).Should().Equal("b", "d");
    }

    [Fact]
    public void Wrong_score_count_names_the_image()
    {
        var act = () => ClassificationEvaluator.Evaluate(Classes, [Image("odd.jpg", 0, 1f, 0f)]);

        act.Should().Throw<ArgumentException>().WithMessage("*odd.jpg*2 scores for 3 classes*");
    }
}
