using MLNetTransfer.Backbones;
using MLNetTransfer.Onnx;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Tests.Onnx;

public class OnnxModelInfoTests
{
    [Fact]
    public void Reads_inputs_outputs_opset_metadata_and_tensors_of_the_tiny_backbone()
    {
        using var dir = new TempDir();
        var (onnx, _) = TinyBackbone.Write(dir.Path, size: 24, layout: TensorLayout.NHWC, elementType: InputElementType.UInt8);

        var info = OnnxModelInfo.Read(onnx);

        info.Inputs.Should().ContainSingle().Which.Should().BeEquivalentTo(new OnnxValueInfo("input", OnnxElementType.UInt8, [-1, 24, 24, 3]));
        info.Outputs.Should().ContainSingle().Which.Should().BeEquivalentTo(
            new OnnxValueInfo(TinyBackbone.LogitsOutput, OnnxElementType.Float, [-1, TinyBackbone.ClassCount]));
        info.OpsetVersion.Should().Be(13);
        info.Metadata.Should().Equal(new Dictionary<string, string> { ["origin"] = "tiny test backbone" });
        info.HasTensor("conv_w").Should().BeTrue("initializers are tensors");
        info.HasTensor(TinyBackbone.FeaturesTensor).Should().BeTrue();
        info.HasTensor("nope").Should().BeFalse();
        info.FindValueInfo(TinyBackbone.FeaturesTensor)!.Dims.Should().Equal(-1, TinyBackbone.FeatureCount);
        info.FindValueInfo("relu").Should().BeNull("the model does not declare it");
        info.NodeOutputNames.Should().Equal("input_float", "input_unit", "input_nchw", "conv", "relu", "pool", TinyBackbone.FeaturesTensor, TinyBackbone.LogitsOutput);
        info.IsQuantized.Should().BeFalse();
    }

    [Fact]
    public void Truncated_model_is_refused_naming_the_file()
    {
        using var dir = new TempDir();
        var (onnx, _) = TinyBackbone.Write(dir.Path);
        var bytes = File.ReadAllBytes(onnx);
        var truncated = dir.Combine("truncated.onnx");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);

        var act = () => OnnxModelInfo.Read(truncated);

        act.Should().Throw<InvalidDataException>().WithMessage($"*'{truncated}'*truncated*");
    }

    [Theory]
    [InlineData("this is not an ONNX model at all")]
    [InlineData("")]
    public void Garbage_is_refused_naming_the_file(string text)
    {
        using var dir = new TempDir();
        var path = dir.Combine("garbage.onnx");
        File.WriteAllText(path, text);

        var act = () => OnnxModelInfo.Read(path);

        act.Should().Throw<InvalidDataException>().WithMessage($"*'{path}'*");
    }

    [Fact]
    public void Missing_file_is_refused_naming_the_file()
    {
        var act = () => OnnxModelInfo.Read("/nonexistent/model.onnx");

        act.Should().Throw<InvalidDataException>().WithMessage("*'/nonexistent/model.onnx'*");
    }
}
