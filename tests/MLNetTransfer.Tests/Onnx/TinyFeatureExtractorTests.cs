using MLNetTransfer.Backbones;
using MLNetTransfer.Onnx;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Tests.Onnx;

public class TinyFeatureExtractorTests
{
    private const int Size = 16;

    [Theory]
    [InlineData(TensorLayout.NCHW, InputElementType.Float32, ChannelOrder.RGB)]
    [InlineData(TensorLayout.NCHW, InputElementType.Float32, ChannelOrder.BGR)]
    [InlineData(TensorLayout.NHWC, InputElementType.Float32, ChannelOrder.RGB)]
    [InlineData(TensorLayout.NCHW, InputElementType.UInt8, ChannelOrder.RGB)]
    [InlineData(TensorLayout.NHWC, InputElementType.UInt8, ChannelOrder.BGR)]
    public void Features_equal_the_original_model_fed_with_hand_preprocessed_input(TensorLayout layout, InputElementType type, ChannelOrder order)
    {
        using var dir = new TempDir();
        // Same seed, same weights: the second model also exposes pool_flat as a graph output, the reference.
        var (intermediate, specPath) = TinyBackbone.Write(dir.Path, "inner", Size, layout, type, order, featuresIsIntermediate: true);
        var (exposed, _) = TinyBackbone.Write(dir.Path, "exposed", Size, layout, type, order, featuresIsIntermediate: false);
        var spec = BackboneSpec.Load(specPath);
        var pixels = Pixels.Random(2, Size, Size, seed: 7);

        var extractor = BackboneGraphBuilder.BuildFeatureExtractor(File.ReadAllBytes(intermediate), spec, intermediate);
        var features = OrtRunner.Run(extractor, BackboneGraphBuilder.PixelsInput, pixels, [2, 3, Size, Size], BackboneGraphBuilder.FeaturesOutput)
            [BackboneGraphBuilder.FeaturesOutput];

        var original = File.ReadAllBytes(exposed);
        var shape = Pixels.InputShape(2, spec);
        var expected = type == InputElementType.UInt8
            ? OrtRunner.Run(original, "input", Pixels.NormalizeUInt8(pixels, 2, spec), shape, TinyBackbone.FeaturesTensor)
            : OrtRunner.Run(original, "input", Pixels.NormalizeFloat(pixels, 2, spec), shape, TinyBackbone.FeaturesTensor);

        features.Shape.Should().Equal(2, TinyBackbone.FeatureCount);
        features.Data.Should().Equal(expected[TinyBackbone.FeaturesTensor].Data, (a, b) => Math.Abs(a - b) <= 1e-5f);
        features.Data.Should().Contain(v => v > 0.01f, "a dead extractor would pass a comparison of zeros");
    }

    [Fact]
    public void Uint8_input_with_normalization_is_rounded_and_clipped_like_the_reference()
    {
        using var dir = new TempDir();
        var (intermediate, specPath) = TinyBackbone.Write(dir.Path, "inner", Size, TensorLayout.NHWC, InputElementType.UInt8);
        var (exposed, _) = TinyBackbone.Write(dir.Path, "exposed", Size, TensorLayout.NHWC, InputElementType.UInt8, featuresIsIntermediate: false);
        // Values run from -20 to about 370 before clipping, with many exact .5 ties (round half to even).
        var spec = BackboneSpec.Load(specPath) with { Scale = 1.5f, Mean = [20f, 0f, 10f], Std = [1f, 2f, 1f] };
        var pixels = Pixels.Random(2, Size, Size, seed: 12);

        var extractor = BackboneGraphBuilder.BuildFeatureExtractor(File.ReadAllBytes(intermediate), spec, intermediate);
        var features = OrtRunner.Run(extractor, BackboneGraphBuilder.PixelsInput, pixels, [2, 3, Size, Size], BackboneGraphBuilder.FeaturesOutput)
            [BackboneGraphBuilder.FeaturesOutput];
        var expected = OrtRunner.Run(File.ReadAllBytes(exposed), "input", Pixels.NormalizeUInt8(pixels, 2, spec), Pixels.InputShape(2, spec),
            TinyBackbone.FeaturesTensor)[TinyBackbone.FeaturesTensor];

        features.Data.Should().Equal(expected.Data, (a, b) => Math.Abs(a - b) <= 1e-5f);
    }

    [Fact]
    public void Different_colours_give_clearly_different_features()
    {
        using var dir = new TempDir();
        var (onnx, specPath) = TinyBackbone.Write(dir.Path);
        var extractor = BackboneGraphBuilder.BuildFeatureExtractor(File.ReadAllBytes(onnx), BackboneSpec.Load(specPath), onnx);
        var colours = new[] { Pixels.Solid(32, 32, 220, 30, 30), Pixels.Solid(32, 32, 30, 200, 40), Pixels.Solid(32, 32, 40, 50, 210) };

        var features = colours
            .Select(c => OrtRunner.Run(extractor, BackboneGraphBuilder.PixelsInput, c, [1, 3, 32, 32], BackboneGraphBuilder.FeaturesOutput)
                [BackboneGraphBuilder.FeaturesOutput].Data)
            .ToArray();

        for (var i = 0; i < features.Length; i++)
        for (var j = i + 1; j < features.Length; j++)
        {
            var distance = MathF.Sqrt(features[i].Zip(features[j], (a, b) => (a - b) * (a - b)).Sum());
            var scale = MathF.Sqrt(features[i].Sum(v => v * v));
            distance.Should().BeGreaterThan(0.2f * scale, $"colour {i} and colour {j} should be told apart");
        }
    }

    [Fact]
    public void Batches_give_the_same_features_as_single_images()
    {
        using var dir = new TempDir();
        var (onnx, specPath) = TinyBackbone.Write(dir.Path, layout: TensorLayout.NHWC, elementType: InputElementType.UInt8);
        var extractor = BackboneGraphBuilder.BuildFeatureExtractor(File.ReadAllBytes(onnx), BackboneSpec.Load(specPath), onnx);
        var pixels = Pixels.Random(3, 32, 32, seed: 3);

        var batch = OrtRunner.Run(extractor, BackboneGraphBuilder.PixelsInput, pixels, [3, 3, 32, 32], BackboneGraphBuilder.FeaturesOutput)
            [BackboneGraphBuilder.FeaturesOutput];
        for (var n = 0; n < 3; n++)
        {
            var one = pixels.AsSpan(n * 3 * 32 * 32, 3 * 32 * 32).ToArray();
            var single = OrtRunner.Run(extractor, BackboneGraphBuilder.PixelsInput, one, [1, 3, 32, 32], BackboneGraphBuilder.FeaturesOutput)
                [BackboneGraphBuilder.FeaturesOutput];
            single.Data.Should().Equal(batch.Row(n), (a, b) => Math.Abs(a - b) <= 1e-5f);
        }
    }

    [Fact]
    public void Extractor_declares_pixels_and_features_and_prunes_the_old_head()
    {
        using var dir = new TempDir();
        var (onnx, specPath) = TinyBackbone.Write(dir.Path);
        var original = File.ReadAllBytes(onnx);

        var info = OnnxModelInfo.Parse(BackboneGraphBuilder.BuildFeatureExtractor(original, BackboneSpec.Load(specPath), onnx), "built");

        info.Inputs.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new OnnxValueInfo(BackboneGraphBuilder.PixelsInput, OnnxElementType.Float, [-1, 3, 32, 32]));
        info.Outputs.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new OnnxValueInfo(BackboneGraphBuilder.FeaturesOutput, OnnxElementType.Float, [-1, TinyBackbone.FeatureCount]));
        info.NodeOutputNames.Should().NotContain(TinyBackbone.LogitsOutput);
        info.HasTensor("fc_w").Should().BeFalse("the old head's weights are not needed any more");
        info.HasTensor("conv_w").Should().BeTrue();
        info.Metadata.Should().Contain("origin", "tiny test backbone");
    }

    [Fact]
    public void Names_the_built_model_needs_are_moved_out_of_the_way_when_the_backbone_uses_them()
    {
        using var dir = new TempDir();
        var (onnx, specPath) = TinyBackbone.Write(dir.Path);
        var first = BackboneGraphBuilder.BuildFeatureExtractor(File.ReadAllBytes(onnx), BackboneSpec.Load(specPath), onnx);
        // The extractor as a backbone: its input is "pixels" and its features "features", the very names to create.
        var spec = new BackboneSpec { Input = "pixels", Features = "features", Height = 32, Width = 32, ChannelOrder = ChannelOrder.BGR };
        var pixels = Pixels.Random(2, 32, 32, seed: 11);

        var second = BackboneGraphBuilder.BuildFeatureExtractor(first, spec, "extractor.onnx");
        var actual = OrtRunner.Run(second, "pixels", pixels, [2, 3, 32, 32], "features")["features"];
        var expected = OrtRunner.Run(first, "pixels", Pixels.NormalizeFloat(pixels, 2, spec), [2, 3, 32, 32], "features")["features"];

        actual.Data.Should().Equal(expected.Data, (a, b) => Math.Abs(a - b) <= 1e-5f);
        OrtRunner.OutputNames(second).Should().Equal("features");
    }
}
