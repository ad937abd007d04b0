using MLNetTransfer.Backbones;
using MLNetTransfer.Onnx;

namespace MLNetTransfer.Tests.Support;

/// <summary>
/// Writes a tiny but real CNN backbone (opset 13) and its spec sidecar, so tests run end to end without
/// ../shared: input "input" -> [uint8: Cast, /255] -> [NHWC: Transpose] -> Conv 3->16 k3 s2 -> Relu ->
/// GlobalAveragePool -> Flatten = "pool_flat" [N,16] (the features) -> Gemm -> "logits" [N,5] (graph output).
/// Weights are pseudo-random from the seed, varied enough that different colours give clearly different features.
/// </summary>
public static class TinyBackbone
{
    public const int FeatureCount = 16;
    public const int ClassCount = 5;
    public const string FeaturesTensor = "pool_flat";
    public const string LogitsOutput = "logits";

    public static (string OnnxPath, string SpecPath) Write(string folder, string name = "tiny", int size = 32,
        TensorLayout layout = TensorLayout.NCHW, InputElementType elementType = InputElementType.Float32,
        ChannelOrder order = ChannelOrder.RGB, bool featuresIsIntermediate = true, int seed = 1)
    {
        Directory.CreateDirectory(folder);
        var onnxPath = Path.Combine(folder, name + ".onnx");
        File.WriteAllBytes(onnxPath, BuildModel(size, layout, elementType, featuresIsIntermediate, seed));

        var spec = new BackboneSpec
        {
            Name = name,
            Input = "input",
            Layout = layout,
            ElementType = elementType,
            Height = size,
            Width = size,
            ChannelOrder = order,
            Features = FeaturesTensor,
        };
        // A uint8 input takes raw pixel values; the float variant gets an ImageNet-style normalization.
        if (elementType == InputElementType.Float32)
            spec = spec with { Scale = 1f / 255f, Mean = [0.485f, 0.456f, 0.406f], Std = [0.229f, 0.224f, 0.225f] };
        var specPath = BackboneSpec.SidecarPathFor(onnxPath);
        spec.Save(specPath);
        return (onnxPath, specPath);
    }

    private static byte[] BuildModel(int size, TensorLayout layout, InputElementType elementType, bool featuresIsIntermediate, int seed)
    {
        var random = new Random(seed);
        float[] Uniform(int count, float range) => Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2 - 1) * range)).ToArray();

        var graph = new ProtoBuffer();
        void Node(string op, string[] inputs, string output, params OnnxAttribute[] attributes) =>
            graph.WriteMessage(OnnxFields.Graph.Node, OnnxMessages.Node(op, op + "_" + output, inputs, [output], attributes));
        void Initializer(string tensorName, long[] dims, float[] values) =>
            graph.WriteMessage(OnnxFields.Graph.Initializer, OnnxMessages.FloatTensor(tensorName, dims, values));

        var x = "input";
        if (elementType == InputElementType.UInt8)
        {
            Node("Cast", [x], "input_float", new OnnxAttribute.Int("to", (long)OnnxElementType.Float));
            Initializer("inv255", [], [1f / 255f]);
            Node("Mul", ["input_float", "inv255"], "input_unit");
            x = "input_unit";
        }

        if (layout == TensorLayout.NHWC)
        {
            Node("Transpose", [x], "input_nchw", new OnnxAttribute.Ints("perm", [0, 3, 1, 2]));
            x = "input_nchw";
        }

        Initializer("conv_w", [FeatureCount, 3, 3, 3], Uniform(FeatureCount * 27, 0.6f));
        Initializer("conv_b", [FeatureCount], Uniform(FeatureCount, 0.3f));
        Node("Conv", [x, "conv_w", "conv_b"], "conv",
            new OnnxAttribute.Ints("kernel_shape", [3, 3]), new OnnxAttribute.Ints("strides", [2, 2]), new OnnxAttribute.Ints("pads", [1, 1, 1, 1]));
        Node("Relu", ["conv"], "relu");
        Node("GlobalAveragePool", ["relu"], "pool");
        Node("Flatten", ["pool"], FeaturesTensor, new OnnxAttribute.Int("axis", 1));
        Initializer("fc_w", [ClassCount, FeatureCount], Uniform(ClassCount * FeatureCount, 0.5f));
        Initializer("fc_b", [ClassCount], Uniform(ClassCount, 0.1f));
        Node("Gemm", [FeaturesTensor, "fc_w", "fc_b"], LogitsOutput, new OnnxAttribute.Int("transB", 1));

        var n = OnnxDim.Symbolic("N");
        var s = OnnxDim.Fixed(size);
        var c = OnnxDim.Fixed(3);
        OnnxDim[] inputDims = layout == TensorLayout.NCHW ? [n, c, s, s] : [n, s, s, c];
        var inputType = elementType == InputElementType.UInt8 ? OnnxElementType.UInt8 : OnnxElementType.Float;
        graph.WriteMessage(OnnxFields.Graph.Input, OnnxMessages.ValueInfo("input", inputType, inputDims));
        graph.WriteMessage(OnnxFields.Graph.Output, OnnxMessages.ValueInfo(LogitsOutput, OnnxElementType.Float, [n, OnnxDim.Fixed(ClassCount)]));
        var featuresInfo = OnnxMessages.ValueInfo(FeaturesTensor, OnnxElementType.Float, [n, OnnxDim.Fixed(FeatureCount)]);
        graph.WriteMessage(featuresIsIntermediate ? OnnxFields.Graph.ValueInfo : OnnxFields.Graph.Output, featuresInfo);
        graph.WriteString(OnnxFields.Graph.Name, "tiny_backbone");

        var model = new ProtoBuffer();
        model.WriteInt64(OnnxFields.Model.IrVersion, 8);
        model.WriteString(OnnxFields.Model.ProducerName, "MLNetTransfer.Tests");
        model.WriteMessage(OnnxFields.Model.OpsetImport, OnnxMessages.OpsetImport("", 13));
        model.WriteMessage(OnnxFields.Model.Graph, graph);
        model.WriteMessage(OnnxFields.Model.MetadataProps, OnnxMessages.MetadataEntry("origin", "tiny test backbone"));
        return model.ToArray();
    }
}
