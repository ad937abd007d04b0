using MLNetTransfer.Backbones;
using MLNetTransfer.Onnx;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Tests.Onnx;

public class SpecErrorTests
{
    private static (byte[] Model, BackboneSpec Spec, string Path) Tiny(TempDir dir)
    {
        var (onnx, specPath) = TinyBackbone.Write(dir.Path);
        return (File.ReadAllBytes(onnx), BackboneSpec.Load(specPath), onnx);
    }

    private static void ShouldRefuse(byte[] model, BackboneSpec spec, string path, params string[] fragments)
    {
        var act = () => BackboneGraphBuilder.BuildFeatureExtractor(model, spec, path);
        var error = act.Should().Throw<InvalidDataException>().Which;
        error.Message.Should().Contain($"'{path}'");
        foreach (var fragment in fragments)
            error.Message.Should().Contain(fragment);
    }

    [Fact]
    public void Unknown_input_lists_the_real_inputs()
    {
        using var dir = new TempDir();
        var (model, spec, path) = Tiny(dir);
        ShouldRefuse(model, spec with { Input = "image" }, path, "no input 'image'", "inputs are 'input'");
    }

    [Fact]
    public void Initializer_named_as_input_is_not_an_input()
    {
        using var dir = new TempDir();
        var (model, spec, path) = Tiny(dir);
        ShouldRefuse(model, spec with { Input = "conv_w" }, path, "'conv_w' is an initializer", "inputs are 'input'");
    }

    [Fact]
    public void Unknown_features_lists_outputs_and_similar_node_outputs()
    {
        using var dir = new TempDir();
        var (model, spec, path) = Tiny(dir);
        ShouldRefuse(model, spec with { Features = "pool_flt" }, path, "no tensor 'pool_flt'", "graph outputs are 'logits'", "similar names: 'pool_flat'");
    }

    [Fact]
    public void Wrong_layout_describes_the_input_and_the_spec()
    {
        using var dir = new TempDir();
        var (model, spec, path) = Tiny(dir);
        ShouldRefuse(model, spec with { Layout = TensorLayout.NHWC }, path, "input 'input' is float32 [N,3,32,32] (NCHW); the spec says NHWC 32x32");
    }

    [Fact]
    public void Wrong_size_describes_the_input_and_the_spec()
    {
        using var dir = new TempDir();
        var (model, spec, path) = Tiny(dir);
        ShouldRefuse(model, spec with { Height = 64 }, path, "input 'input' is float32 [N,3,32,32] (NCHW); the spec says NCHW 64x32");
    }

    [Fact]
    public void Wrong_element_type_names_both_types()
    {
        using var dir = new TempDir();
        var (model, spec, path) = Tiny(dir);
        ShouldRefuse(model, spec with { ElementType = InputElementType.UInt8 }, path, "input 'input' is float32", "the spec says uint8");
    }

    [Fact]
    public void Input_of_rank_other_than_4_is_refused() =>
        ShouldRefuseModel(QuantizedToy.Write(declareType: true, inputRank: 2), "toy.onnx", QuantizedToy.DequantizedTensor,
            "input 'input' is float32 [N,3]", "needs rank 4", "has rank 2");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Quantized_features_are_refused_pointing_at_the_dequantized_tensor(bool declareType)
    {
        ShouldRefuseModel(QuantizedToy.Write(declareType), "toy.onnx", QuantizedToy.QuantizedTensor,
            "'toy.onnx'", $"'{QuantizedToy.QuantizedTensor}' is quantized", $"'{QuantizedToy.DequantizedTensor}'");
    }

    private static void ShouldRefuseModel(byte[] model, string path, string features, params string[] fragments)
    {
        var spec = new BackboneSpec { Input = "input", Features = features, Height = 8, Width = 8 };
        ShouldRefuse(model, spec, path, fragments);
    }
}
