using MLNetTransfer.Backbones;
using MLNetTransfer.Onnx;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Tests.Onnx;

public class TinyClassifierTests
{
    private const int Classes = 3;

    [Fact]
    public void Score_is_the_softmax_of_the_linear_head_over_the_extractor_features()
    {
        using var dir = new TempDir();
        var (onnx, specPath) = TinyBackbone.Write(dir.Path);
        var backbone = File.ReadAllBytes(onnx);
        var spec = BackboneSpec.Load(specPath);
        var weights = HeadMath.RandomWeights(Classes * TinyBackbone.FeatureCount, seed: 5, range: 2f);
        float[] bias = [0.1f, -0.2f, 0.05f];
        var pixels = Pixels.Random(4, 32, 32, seed: 9);

        var features = OrtRunner.Run(BackboneGraphBuilder.BuildFeatureExtractor(backbone, spec, onnx),
            BackboneGraphBuilder.PixelsInput, pixels, [4, 3, 32, 32], BackboneGraphBuilder.FeaturesOutput)[BackboneGraphBuilder.FeaturesOutput];
        var classifier = BackboneGraphBuilder.BuildClassifier(backbone, spec, weights, bias, Classes, onnx);
        var score = OrtRunner.Run(classifier, BackboneGraphBuilder.PixelsInput, pixels, [4, 3, 32, 32], BackboneGraphBuilder.ScoreOutput)
            [BackboneGraphBuilder.ScoreOutput];

        score.Shape.Should().Equal(4, Classes);
        for (var n = 0; n < 4; n++)
        {
            var row = score.Row(n);
            row.Should().Equal(HeadMath.Scores(features.Row(n), weights, bias), (a, b) => Math.Abs(a - b) <= 1e-5f);
            row.Sum().Should().BeApproximately(1f, 1e-5f);
        }

        score.Data.Max().Should().BeLessThan(0.999f, "a saturated softmax would hide a wrong head");
        OrtRunner.OutputNames(classifier).Should().Equal(BackboneGraphBuilder.ScoreOutput);
    }

    [Fact]
    public void Classifier_can_keep_features_and_merges_metadata()
    {
        using var dir = new TempDir();
        var (onnx, specPath) = TinyBackbone.Write(dir.Path, layout: TensorLayout.NHWC, elementType: InputElementType.UInt8);
        var weights = HeadMath.RandomWeights(Classes * TinyBackbone.FeatureCount, seed: 1, range: 1f);
        var metadata = new Dictionary<string, string> { ["labels"] = "cat\ndog\nfish", ["origin"] = "replaced" };

        var classifier = BackboneGraphBuilder.BuildClassifier(File.ReadAllBytes(onnx), BackboneSpec.Load(specPath), weights, new float[Classes],
            Classes, onnx, includeFeatures: true, metadata: metadata);
        var info = OnnxModelInfo.Parse(classifier, "classifier");

        info.Outputs.Select(o => o.Name).Should().Equal(BackboneGraphBuilder.FeaturesOutput, BackboneGraphBuilder.ScoreOutput);
        info.Outputs[1].Dims.Should().Equal(-1, Classes);
        info.Metadata.Should().Equal(metadata);
        info.NodeOutputNames.Should().NotContain(TinyBackbone.LogitsOutput);
        OrtRunner.OutputNames(classifier).Should().Equal(BackboneGraphBuilder.FeaturesOutput, BackboneGraphBuilder.ScoreOutput);
    }

    [Fact]
    public void Weights_that_do_not_fit_the_features_are_refused()
    {
        using var dir = new TempDir();
        var (onnx, specPath) = TinyBackbone.Write(dir.Path);

        var act = () => BackboneGraphBuilder.BuildClassifier(File.ReadAllBytes(onnx), BackboneSpec.Load(specPath),
            new float[Classes * 10], new float[Classes], Classes, onnx);

        act.Should().Throw<ArgumentException>().WithMessage($"*{Classes} classes x {TinyBackbone.FeatureCount} features*");
    }
}
