using MLNetTransfer.Backbones;
using MLNetTransfer.Onnx;
using MLNetTransfer.Quantization;
using MLNetTransfer.Tests.Onnx;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Tests.Quantization;

public sealed class BackboneQuantizerTests
{
    private static readonly QuantizationSettings Settings = new();

    private static byte[] QuantizeToy(byte[]? model = null, int calibrationSeed = 7)
    {
        var spec = QuantizationToy.Spec;
        var prepared = BackboneQuantizer.Prepare(model ?? QuantizationToy.Write(), spec, "toy.onnx");
        return BackboneQuantizer.Quantize(prepared, spec, QuantizationToy.Pixels(24, calibrationSeed), 24, Settings, "toy.onnx");
    }

    private static float[] Features(byte[] backbone, float[] pixels, int count)
    {
        var extractor = BackboneGraphBuilder.BuildFeatureExtractor(backbone, QuantizationToy.Spec, "toy.onnx");
        return OrtRunner.Run(extractor, BackboneGraphBuilder.PixelsInput, pixels, [count, 3, QuantizationToy.Size, QuantizationToy.Size],
            BackboneGraphBuilder.FeaturesOutput)[BackboneGraphBuilder.FeaturesOutput].Data;
    }

    [Fact]
    public void Quantized_graph_runs_in_onnx_runtime_and_keeps_the_features_of_the_float_one()
    {
        var quantized = QuantizeToy();

        var nodes = OnnxModelDocument.Parse(quantized, "q").Nodes;
        nodes.Count(n => n.OpType == "QuantizeLinear").Should().BeGreaterThan(0);
        // c1 (the first) stays float; c2, c3 and c4 read per-channel int8 weights, their biases int32.
        nodes.Count(n => n.OpType == "DequantizeLinear" && n.Outputs[0].EndsWith("_w", StringComparison.Ordinal)).Should().Be(3);
        nodes.Count(n => n.OpType == "DequantizeLinear" && n.Outputs[0].EndsWith("_b", StringComparison.Ordinal)).Should().Be(3);

        var pixels = QuantizationToy.Pixels(16, seed: 99);
        var expected = Features(QuantizationToy.Write(), pixels, 16);
        var actual = Features(quantized, pixels, 16);
        for (var i = 0; i < 16; i++)
        {
            var row = new Range(i * QuantizationToy.FeatureCount, (i + 1) * QuantizationToy.FeatureCount);
            QuantizationPhotos.Cosine(expected.AsSpan(row), actual.AsSpan(row)).Should().BeGreaterThan(0.98f, $"image {i}");
        }

        actual.Should().NotEqual(expected, "the int8 model computes in int8, not in float");
    }

    [Fact]
    public void Per_channel_weights_come_back_within_half_a_scale_step()
    {
        var random = new Random(5);
        // Channels of very different magnitudes: one scale for all would flatten the small ones to 0.
        var weights = Enumerable.Range(0, 4 * 50).Select(i => (float)(random.NextDouble() * 2 - 1) * MathF.Pow(10, -(i / 50))).ToArray();
        weights[7] = 0f;

        var (values, scales) = PerChannelWeights.Quantize(weights, 4);

        scales.Should().HaveCount(4);
        scales[0].Should().BeGreaterThan(scales[3] * 100);
        for (var i = 0; i < weights.Length; i++)
        {
            var scale = scales[i / 50];
            Math.Abs(values[i] * scale - weights[i]).Should().BeLessThanOrEqualTo(scale / 2 * 1.0001f, $"weight {i}");
        }

        values.Should().OnlyContain(v => v >= -127 && v <= 127);
        values[7].Should().Be(0);
    }

    [Fact]
    public void Weights_in_the_quantized_model_reconstruct_the_float_weights_within_half_a_step()
    {
        var original = OnnxModelDocument.Parse(QuantizationToy.Write(), "toy").Initializers.ToDictionary(t => t.Name, t => t.Decode());
        var quantized = OnnxModelDocument.Parse(QuantizeToy(), "q").Initializers.ToDictionary(t => t.Name, t => t.Decode());

        var int8 = quantized["c2_w/int8"];
        int8.Type.Should().Be(OnnxElementType.Int8);
        var scales = quantized["c2_w/scale"].Floats!;
        scales.Should().HaveCount(16, "one scale per output channel");
        var floats = original["c2_w"].Floats!;
        var perChannel = floats.Length / 16;
        for (var i = 0; i < floats.Length; i++)
            Math.Abs(int8.Int64s![i] * scales[i / perChannel] - floats[i]).Should().BeLessThanOrEqualTo(scales[i / perChannel] / 2 * 1.0001f);
    }

    [Fact]
    public void Same_model_and_sample_give_the_same_bytes()
    {
        QuantizeToy().Should().Equal(QuantizeToy());
        QuantizeToy(calibrationSeed: 8).Should().NotEqual(QuantizeToy(), "another sample calibrates other ranges");
    }

    [Fact]
    public void Opset_8_model_is_raised_to_13_with_batch_norm_folded_and_computes_the_same()
    {
        var old = QuantizationToy.Write(opset: 8);
        var prepared = BackboneQuantizer.Prepare(old, QuantizationToy.Spec, "old.onnx");

        var document = OnnxModelDocument.Parse(prepared, "prepared");
        document.DefaultOpsetVersion.Should().Be(13);
        document.IrVersion.Should().BeGreaterThanOrEqualTo(7);
        document.Nodes.Should().NotContain(n => n.OpType == "BatchNormalization");
        document.Inputs.Should().ContainSingle(i => i.Info.Name == "input");

        var pixels = QuantizationToy.Pixels(4, seed: 11);
        var expected = Features(old, pixels, 4);
        var actual = Features(prepared, pixels, 4);
        for (var i = 0; i < expected.Length; i++)
            actual[i].Should().BeApproximately(expected[i], 1e-3f + Math.Abs(expected[i]) * 1e-4f);

        var quantized = QuantizeToy(old);
        OnnxModelDocument.Parse(quantized, "q").Nodes.Should().Contain(n => n.OpType == "QuantizeLinear");
    }

    [Fact]
    public void Opset_8_model_with_an_operator_that_changed_meaning_is_refused_naming_it()
    {
        var old = QuantizationToy.Write(opset: 8, lastActivationIsClip: true);

        var act = () => BackboneQuantizer.Prepare(old, QuantizationToy.Spec, "old-clip.onnx");

        act.Should().Throw<NotSupportedException>()
            .WithMessage("*'old-clip.onnx' cannot be quantized to int8*opset 8*'Clip'*float32*");
    }

    [Fact]
    public void Already_quantized_backbone_is_left_as_it_is()
    {
        using var folder = new TempDir();
        var path = folder.Combine("quantized.onnx");
        File.WriteAllBytes(path, QuantizedToy.Write(declareType: true));
        var spec = QuantizationToy.Spec with { Features = QuantizedToy.DequantizedTensor };

        var result = QuantizedBackbones.Resolve(new Microsoft.ML.MLContext(1), ResolvedBackbone.Load(path, spec),
            () => throw new InvalidOperationException("an already quantized backbone needs no calibration images"), folder.Combine("cache"), Settings);

        result.Quantized.Should().BeFalse();
        result.Path.Should().Be(path);
        result.Note.Should().Contain("already quantized");
        Directory.Exists(folder.Combine("cache")).Should().BeFalse();
    }
}
