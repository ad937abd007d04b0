using Microsoft.ML;
using MLNetTransfer.Images;
using MLNetTransfer.Prediction;
using MLNetTransfer.Preprocessing;
using MLNetTransfer.Runtime;
using MLNetTransfer.Tests.Vision;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Tests.Prediction;

/// <summary>Test-time augmentation: the single-view model.onnx run on each view, class probabilities averaged.</summary>
public sealed class TestTimeAugmentationTests(TinyTrainingFixture fixture) : IClassFixture<TinyTrainingFixture>
{
    private string Exported(string folder)
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = fixture.Load(ml);
        var model = new ImageClassificationTrainer(ml, fixture.Options()).Train(train);
        var onnx = fixture.Dir.Combine(folder, "model.onnx");
        Directory.CreateDirectory(Path.GetDirectoryName(onnx)!);
        model.ExportOnnx(onnx);
        return onnx;
    }

    [Fact]
    public void Scores_are_the_average_of_each_views_scores()
    {
        var onnx = Exported("tta");
        var pool = ImageClassifierPool.Load(onnx, ExecutionDevice.Cpu, testTimeViews: 4);
        using var session = new OnnxClassifierSession(onnx, ExecutionDevice.Cpu);
        var file = Directory.GetFiles(fixture.ValidationFolder, "*.jpg", SearchOption.AllDirectories).Order().First();

        var decoded = ImageDecoder.Decode(File.ReadAllBytes(file), session.Preprocessing.DecodeOptions);
        var expected = new float[pool.Classes.Count];
        foreach (var view in ImageView.First(4))
        {
            var pixels = new float[session.Preprocessing.PixelCount];
            session.Preprocessing.ToPixels(decoded, pixels, view);
            var scores = session.ScorePixels(pixels, 1);
            for (var c = 0; c < expected.Length; c++)
                expected[c] += scores[c] / 4;
        }

        pool.TestTimeViews.Should().Be(4);
        var actual = pool.PredictFile(file).Scores;
        actual.Should().Equal(expected, (a, b) => Math.Abs(a - b) <= 1e-5f);
        actual.Sum().Should().BeApproximately(1f, 1e-4f);
        actual.Should().NotEqual(ImageClassifierPool.Load(onnx).PredictFile(file).Scores, "the other views change the average");
    }

    [Fact]
    public void One_view_is_the_plain_prediction()
    {
        var onnx = Exported("tta-one");
        var file = Directory.GetFiles(fixture.ValidationFolder, "*.jpg", SearchOption.AllDirectories).Order().First();

        ImageClassifierPool.Load(onnx, ExecutionDevice.Cpu, testTimeViews: 1).PredictFile(file).Scores
            .Should().Equal(ImageClassifierPool.Load(onnx).PredictFile(file).Scores);
    }

    [Fact]
    public void Rows_of_view_scores_add_up_per_class()
    {
        var sum = new float[3];
        OnnxClassifierSession.AddViewScores([0.2f, 0.3f, 0.5f, 0.6f, 0.1f, 0.3f], sum);

        sum.Should().Equal([0.8f, 0.4f, 0.8f], (a, b) => Math.Abs(a - b) <= 1e-6f);
    }

    [Fact]
    public void A_model_zip_is_refused_with_the_file_to_load_instead()
    {
        FluentActions.Invoking(() => ImageClassifierPool.Load("out/model.zip", ExecutionDevice.Cpu, testTimeViews: 2))
            .Should().Throw<ArgumentException>().WithMessage("*model.onnx*");
        FluentActions.Invoking(() => ImageClassifierPool.Load("out/model.onnx", ExecutionDevice.Cpu, testTimeViews: 0))
            .Should().Throw<ArgumentOutOfRangeException>();
    }
}
