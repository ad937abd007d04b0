using Microsoft.ML.OnnxRuntime;
using MLNetTransfer.Backbones;
using MLNetTransfer.Onnx;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Tests.Onnx;

/// <summary>The builder on the real pretrained backbones in ../shared/models, checked against the original models.</summary>
public class SharedBackboneTests
{
    private const string Pixels_ = BackboneGraphBuilder.PixelsInput;
    private const string Features = BackboneGraphBuilder.FeaturesOutput;

    private static (byte[] Model, BackboneSpec Spec) Load(string path) =>
        (File.ReadAllBytes(path), BackboneSpec.Load(BackboneSpec.SidecarPathFor(path)));

    private static string ModelPath(string stem) => Path.Combine(SharedData.ModelsDir, stem + ".onnx");

    [SharedTheory]
    [InlineData("mobilenet_v1_0.75_224_keras_imagenet", 768)]
    [InlineData("mobilenetv2-12-int8", 1000)]
    [InlineData("mobilenet_v2_1.0_224_int8_per_tensor", 1280)]
    public void Extractor_gives_N_by_D_features_and_a_batch_equals_single_runs(string stem, int dim)
    {
        var (model, spec) = Load(ModelPath(stem));
        var extractor = BackboneGraphBuilder.BuildFeatureExtractor(model, spec, ModelPath(stem));
        var pixels = Pixels.Random(3, 224, 224, seed: 21);

        var batch = OrtRunner.Run(extractor, Pixels_, pixels, [3, 3, 224, 224], Features)[Features];

        batch.Shape.Should().Equal(3, dim);
        batch.Data.Should().Contain(v => Math.Abs(v) > 1e-3f);
        var plane = 3 * 224 * 224;
        for (var n = 0; n < 3; n++)
        {
            var single = OrtRunner.Run(extractor, Pixels_, pixels.AsSpan(n * plane, plane).ToArray(), [1, 3, 224, 224], Features)[Features];
            single.Data.Should().Equal(batch.Row(n), (a, b) => Math.Abs(a - b) <= 1e-5f + 1e-5f * Math.Abs(b));
        }
    }

    [SharedFact]
    public void MobileNetV1_features_equal_the_original_features_output()
    {
        var (model, spec) = Load(SharedData.MobileNetV1);
        var pixels = Pixels.Random(2, 224, 224, seed: 4);

        var actual = OrtRunner.Run(BackboneGraphBuilder.BuildFeatureExtractor(model, spec, SharedData.MobileNetV1), Pixels_, pixels, [2, 3, 224, 224], Features);
        var expected = OrtRunner.Run(model, "input", pixels, [2, 3, 224, 224], "features");

        actual[Features].Data.Should().Equal(expected["features"].Data, (a, b) => Math.Abs(a - b) <= 1e-5f);
    }

    [SharedFact]
    public void Zoo_int8_features_match_the_original_fed_with_hand_normalized_input()
    {
        var (model, spec) = Load(SharedData.MobileNetV2Int8Zoo);
        var pixels = Pixels.Random(2, 224, 224, seed: 5);

        var actual = OrtRunner.Run(BackboneGraphBuilder.BuildFeatureExtractor(model, spec, SharedData.MobileNetV2Int8Zoo), Pixels_, pixels, [2, 3, 224, 224], Features)[Features].Data;
        var expected = OrtRunner.Run(model, "input", Pixels.NormalizeFloat(pixels, 2, spec), [2, 3, 224, 224], "output")["output"].Data;

        // Float rounding can move a rare value across a quantization step; nearly all must agree.
        var range = expected.Max() - expected.Min();
        var close = actual.Zip(expected, (a, b) => Math.Abs(a - b) <= 1e-3f).Count(c => c);
        ((double)close / expected.Length).Should().BeGreaterThanOrEqualTo(0.99);
        actual.Zip(expected, (a, b) => Math.Abs(a - b)).Max().Should().BeLessThan(0.05f * range);
    }

    [SharedFact]
    public void Nhwc_uint8_model_matches_the_original_fed_with_transposed_bytes()
    {
        var (model, spec) = Load(SharedData.MobileNetV2Int8Nhwc);
        // Its graph output (softmax) is reachable from the original, so it checks the uint8/NHWC conversion exactly.
        var probsSpec = spec with { Features = "StatefulPartitionedCall:0" };
        var pixels = Pixels.Random(2, 224, 224, seed: 6);
        var extractor = BackboneGraphBuilder.BuildFeatureExtractor(model, probsSpec, SharedData.MobileNetV2Int8Nhwc);
        using var pixelValue = OrtValue.CreateTensorValueFromMemory(pixels, [2, 3, 224, 224]);
        using var bytesValue = OrtValue.CreateTensorValueFromMemory(Pixels.NormalizeUInt8(pixels, 2, spec), [2, 224, 224, 3]);

        // Unoptimized, both run the same int8 ops on the same bytes; ORT's fusions could otherwise differ by a step.
        var actual = OrtRunner.RunUnoptimized(extractor, Pixels_, pixelValue, Features)[Features].Data;
        var expected = OrtRunner.RunUnoptimized(model, spec.Input, bytesValue, "StatefulPartitionedCall:0")["StatefulPartitionedCall:0"].Data;

        actual.Should().Equal(expected);
        actual.Max().Should().BeGreaterThan(0.01f);
    }

    [SharedFact]
    public void MobileNetV1_classifier_scores_equal_the_head_over_the_features_and_the_old_head_is_gone()
    {
        var (model, spec) = Load(SharedData.MobileNetV1);
        const int classes = 4;
        var weights = HeadMath.RandomWeights(classes * 768, seed: 2, range: 0.05f);
        float[] bias = [0.5f, -0.5f, 0f, 0.25f];
        var metadata = new Dictionary<string, string> { ["labels"] = "a\nb\nc\nd" };
        var pixels = Pixels.Random(2, 224, 224, seed: 8);

        var extractor = BackboneGraphBuilder.BuildFeatureExtractor(model, spec, SharedData.MobileNetV1);
        var classifier = BackboneGraphBuilder.BuildClassifier(model, spec, weights, bias, classes, SharedData.MobileNetV1, metadata: metadata);
        var features = OrtRunner.Run(extractor, Pixels_, pixels, [2, 3, 224, 224], Features)[Features];
        var score = OrtRunner.Run(classifier, Pixels_, pixels, [2, 3, 224, 224], BackboneGraphBuilder.ScoreOutput)[BackboneGraphBuilder.ScoreOutput];

        for (var n = 0; n < 2; n++)
        {
            score.Row(n).Should().Equal(HeadMath.Scores(features.Row(n), weights, bias), (a, b) => Math.Abs(a - b) <= 1e-5f);
            score.Row(n).Sum().Should().BeApproximately(1f, 1e-5f);
        }

        var original = OnnxModelInfo.Parse(model, "original");
        var built = OnnxModelInfo.Parse(classifier, "classifier");
        built.NodeOutputNames.Should().NotContain(["logits", "probs"]);
        built.Outputs.Select(o => o.Name).Should().Equal(BackboneGraphBuilder.ScoreOutput);
        OnnxModelInfo.Parse(extractor, "extractor").NodeCount.Should().BeLessThan(original.NodeCount);
        // The old Gemm + Softmax head is replaced by the new one: never more nodes, and far fewer weights.
        built.NodeCount.Should().BeLessThanOrEqualTo(original.NodeCount);
        classifier.Length.Should().BeLessThan(model.Length - 3_000_000, "the 768x1000 ImageNet head is pruned");
        built.Metadata.Should().Equal(metadata);
    }

    [SharedFact]
    public void Model_info_reads_the_shared_models()
    {
        var v1 = OnnxModelInfo.Read(SharedData.MobileNetV1);
        v1.Inputs.Should().ContainSingle().Which.Should().BeEquivalentTo(new OnnxValueInfo("input", OnnxElementType.Float, [-1, 3, 224, 224]));
        v1.Outputs.Select(o => o.Name).Should().Equal("features", "logits", "probs");
        v1.OpsetVersion.Should().Be(13);
        v1.IsQuantized.Should().BeFalse();

        var zoo = OnnxModelInfo.Read(SharedData.MobileNetV2Int8Zoo);
        zoo.Inputs.Should().ContainSingle().Which.Name.Should().Be("input");
        zoo.Outputs.Should().ContainSingle().Which.Should().BeEquivalentTo(new OnnxValueInfo("output", OnnxElementType.Float, [-1, 1000]));
        zoo.OpsetVersion.Should().Be(12);
        zoo.IsQuantized.Should().BeTrue();

        var nhwc = OnnxModelInfo.Read(SharedData.MobileNetV2Int8Nhwc);
        nhwc.Inputs.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new OnnxValueInfo("serving_default_input_1:0", OnnxElementType.UInt8, [-1, 224, 224, 3]));
        nhwc.OpsetVersion.Should().Be(13);
        nhwc.HasTensor("model_1/global_average_pooling2d/Mean_dequant").Should().BeTrue();
        nhwc.IsQuantized.Should().BeTrue();
        BackboneModelValidator.FixedBatchSize(nhwc, BackboneSpec.Load(BackboneSpec.SidecarPathFor(SharedData.MobileNetV2Int8Nhwc))).Should().BeNull();
    }

    [SharedFact]
    public void Nhwc_model_with_an_nchw_spec_is_refused_describing_both()
    {
        var (model, spec) = Load(SharedData.MobileNetV2Int8Nhwc);

        var act = () => BackboneGraphBuilder.BuildFeatureExtractor(model, spec with { Layout = TensorLayout.NCHW }, SharedData.MobileNetV2Int8Nhwc);

        act.Should().Throw<InvalidDataException>().WithMessage(
            $"*'{SharedData.MobileNetV2Int8Nhwc}'*input 'serving_default_input_1:0' is uint8 [N,224,224,3] (NHWC); the spec says NCHW 224x224*");
    }

    [SharedTheory]
    [InlineData("mobilenetv2-12-int8", "464_quantized")]
    [InlineData("mobilenet_v2_1.0_224_int8_per_tensor", "model_1/global_average_pooling2d/Mean_prequant_Squeeze__1381:0")]
    public void Quantized_features_tensor_is_refused_suggesting_a_dequantized_one(string stem, string quantized)
    {
        var (model, spec) = Load(ModelPath(stem));

        var act = () => BackboneGraphBuilder.BuildFeatureExtractor(model, spec with { Features = quantized }, ModelPath(stem));

        var message = act.Should().Throw<InvalidDataException>().Which.Message;
        message.Should().Contain($"'{ModelPath(stem)}'").And.Contain($"'{quantized}' is quantized").And.Contain("dequantized");
        if (stem.EndsWith("per_tensor", StringComparison.Ordinal))
            message.Should().Contain("'model_1/global_average_pooling2d/Mean_dequant'");
    }
}
