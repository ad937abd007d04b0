using MLNetTransfer.Backbones;
using MLNetTransfer.Onnx;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Tests.Onnx;

/// <summary>Backbones from the opset 7 era (e.g. resnet50-v2-7) must get preprocessing that is valid there.</summary>
public class OldOpsetTests
{
    // The tiny backbone's ops (Conv, Relu, GlobalAveragePool, Flatten, Gemm, Transpose, Cast, Mul) mean the same at opset 7.
    private static byte[] WithVersions(byte[] model, long irVersion, long opset)
    {
        var buffer = new ProtoBuffer();
        foreach (var field in OnnxModelDocument.Parse(model, "tiny").ModelFields)
        {
            if (field.Number == OnnxFields.Model.IrVersion) buffer.WriteInt64(OnnxFields.Model.IrVersion, irVersion);
            else if (field.Number == OnnxFields.Model.OpsetImport) buffer.WriteMessage(OnnxFields.Model.OpsetImport, OnnxMessages.OpsetImport("", opset));
            else buffer.WriteRaw(field.Raw);
        }

        return buffer.ToArray();
    }

    [Fact]
    public void Opset_7_backbone_gets_working_normalization_and_channel_reordering()
    {
        using var dir = new TempDir();
        var (inner, specPath) = TinyBackbone.Write(dir.Path, "inner", order: ChannelOrder.BGR);
        var (exposed, _) = TinyBackbone.Write(dir.Path, "exposed", order: ChannelOrder.BGR, featuresIsIntermediate: false);
        var spec = BackboneSpec.Load(specPath);
        var pixels = Pixels.Random(2, 32, 32, seed: 13);

        var extractor = BackboneGraphBuilder.BuildFeatureExtractor(WithVersions(File.ReadAllBytes(inner), 7, 7), spec, inner);
        var actual = OrtRunner.Run(extractor, BackboneGraphBuilder.PixelsInput, pixels, [2, 3, 32, 32], BackboneGraphBuilder.FeaturesOutput)
            [BackboneGraphBuilder.FeaturesOutput];
        var expected = OrtRunner.Run(File.ReadAllBytes(exposed), "input", Pixels.NormalizeFloat(pixels, 2, spec), [2, 3, 32, 32], TinyBackbone.FeaturesTensor)
            [TinyBackbone.FeaturesTensor];

        OnnxModelInfo.Parse(extractor, "built").OpsetVersion.Should().Be(7, "the opset is never raised behind the user's back");
        actual.Data.Should().Equal(expected.Data, (a, b) => Math.Abs(a - b) <= 1e-5f);
    }

    [Fact]
    public void Uint8_input_with_normalization_below_opset_11_is_refused_clearly()
    {
        using var dir = new TempDir();
        var (onnx, specPath) = TinyBackbone.Write(dir.Path, elementType: InputElementType.UInt8);
        var spec = BackboneSpec.Load(specPath) with { Scale = 0.5f };

        var act = () => BackboneGraphBuilder.BuildFeatureExtractor(WithVersions(File.ReadAllBytes(onnx), 7, 10), spec, onnx);

        act.Should().Throw<InvalidDataException>().WithMessage($"*'{onnx}' uses opset 10*Round and Clip*opset 11*");
    }

    [Fact]
    public void Opset_below_7_is_refused()
    {
        using var dir = new TempDir();
        var (onnx, specPath) = TinyBackbone.Write(dir.Path);

        var act = () => BackboneGraphBuilder.BuildFeatureExtractor(WithVersions(File.ReadAllBytes(onnx), 3, 6), BackboneSpec.Load(specPath), onnx);

        act.Should().Throw<InvalidDataException>().WithMessage($"*'{onnx}'*opset 6*opset 7 or later*");
    }
}
