using MLNetTransfer.Backbones;
using MLNetTransfer.Onnx;

namespace MLNetTransfer.Tests.Quantization;

/// <summary>
/// A small float CNN to quantize without ../shared: Conv 3->8 -> Relu -> Conv 8->16 s2 -> Relu -> depthwise Conv ->
/// Relu -> Add (residual) -> Conv 1x1 -> Relu (or Clip) -> GlobalAveragePool -> Flatten = "features". At opset 8 it is
/// written as old exporters did: IR 3, BatchNormalization (spatial=1) after each Conv, initializers also graph inputs.
/// </summary>
public static class QuantizationToy
{
    public const int Size = 32;
    public const int FeatureCount = 16;

    public static BackboneSpec Spec => new()
    {
        Name = "toy",
        Input = "input",
        Height = Size,
        Width = Size,
        Scale = 1f / 255f,
        Mean = [0.485f, 0.456f, 0.406f],
        Std = [0.229f, 0.224f, 0.225f],
        Features = "features",
    };

    public static byte[] Write(long opset = 13, bool lastActivationIsClip = false, int seed = 3)
    {
        var random = new Random(seed);
        float[] Uniform(int count, float range) => Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2 - 1) * range)).ToArray();
        var old = opset < 9;
        var graph = new ProtoBuffer();
        var initializers = new List<(string Name, long[] Dims)>();
        void Node(string op, string[] inputs, string output, params OnnxAttribute[] attributes) =>
            graph.WriteMessage(OnnxFields.Graph.Node, OnnxMessages.Node(op, op + "_" + output, inputs, [output], attributes));
        string Initializer(string name, long[] dims, float[] values)
        {
            graph.WriteMessage(OnnxFields.Graph.Initializer, OnnxMessages.FloatTensor(name, dims, values));
            initializers.Add((name, dims));
            return name;
        }

        string Conv(string name, string x, int inputs, int outputs, int kernel, int stride, int group)
        {
            var w = Initializer(name + "_w", [outputs, inputs / group, kernel, kernel], Uniform(outputs * inputs / group * kernel * kernel, 1.2f / MathF.Sqrt(inputs / group * kernel * kernel)));
            var pad = kernel / 2;
            OnnxAttribute[] attributes = [new OnnxAttribute.Ints("kernel_shape", [kernel, kernel]), new OnnxAttribute.Ints("strides", [stride, stride]),
                new OnnxAttribute.Ints("pads", [pad, pad, pad, pad]), new OnnxAttribute.Int("group", group)];
            if (!old)
            {
                Node("Conv", [x, w, Initializer(name + "_b", [outputs], Uniform(outputs, 0.2f))], name, attributes);
                return name;
            }

            // Old exporters: a Conv without bias, then BatchNormalization.
            Node("Conv", [x, w], name + "_conv", attributes);
            string[] norm = [Initializer(name + "_gamma", [outputs], Uniform(outputs, 0.5f).Select(v => v + 1f).ToArray()),
                Initializer(name + "_beta", [outputs], Uniform(outputs, 0.2f)), Initializer(name + "_mean", [outputs], Uniform(outputs, 0.1f)),
                Initializer(name + "_var", [outputs], Uniform(outputs, 0.2f).Select(v => v + 0.5f).ToArray())];
            Node("BatchNormalization", [name + "_conv", .. norm], name,
                new OnnxAttribute.Float("epsilon", 1e-5f), new OnnxAttribute.Int("spatial", 1));
            return name;
        }

        var r1 = Relu(Conv("c1", "input", 3, 8, 3, 1, 1));
        var r2 = Relu(Conv("c2", r1, 8, 16, 3, 2, 1));
        var r3 = Relu(Conv("c3", r2, 16, 16, 3, 1, 16));
        Node("Add", [r3, r2], "sum");
        var c4 = Conv("c4", "sum", 16, 16, 1, 1, 1);
        if (lastActivationIsClip)
            Node("Clip", [c4], "r4", new OnnxAttribute.Float("min", 0f), new OnnxAttribute.Float("max", 6f));
        else
            Node("Relu", [c4], "r4");
        Node("GlobalAveragePool", ["r4"], "pool");
        Node("Flatten", ["pool"], "features", new OnnxAttribute.Int("axis", 1));

        string Relu(string x)
        {
            Node("Relu", [x], x + "_relu");
            return x + "_relu";
        }

        var n = OnnxDim.Symbolic("N");
        graph.WriteMessage(OnnxFields.Graph.Input, OnnxMessages.ValueInfo("input", OnnxElementType.Float, [n, OnnxDim.Fixed(3), OnnxDim.Fixed(Size), OnnxDim.Fixed(Size)]));
        if (old)
        {
            foreach (var (name, dims) in initializers)
                graph.WriteMessage(OnnxFields.Graph.Input, OnnxMessages.ValueInfo(name, OnnxElementType.Float, dims.Select(OnnxDim.Fixed).ToArray()));
        }

        graph.WriteMessage(OnnxFields.Graph.Output, OnnxMessages.ValueInfo("features", OnnxElementType.Float, [n, OnnxDim.Fixed(FeatureCount)]));
        graph.WriteString(OnnxFields.Graph.Name, "quantization_toy");
        var model = new ProtoBuffer();
        model.WriteInt64(OnnxFields.Model.IrVersion, old ? 3 : 8);
        model.WriteMessage(OnnxFields.Model.OpsetImport, OnnxMessages.OpsetImport("", opset));
        model.WriteMessage(OnnxFields.Model.Graph, graph);
        return model.ToArray();
    }

    /// <summary>Random smooth-ish images: a colour gradient per image plus noise, values 0..255, planar RGB.</summary>
    public static float[] Pixels(int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new float[count * 3 * Size * Size];
        for (var i = 0; i < count; i++)
        {
            for (var c = 0; c < 3; c++)
            {
                var (a, b, d) = (random.NextSingle() * 255, random.NextSingle() * 4 - 2, random.NextSingle() * 4 - 2);
                for (var y = 0; y < Size; y++)
                for (var x = 0; x < Size; x++)
                    pixels[((i * 3 + c) * Size + y) * Size + x] = Math.Clamp(a + b * x + d * y + random.NextSingle() * 40 - 20, 0, 255);
            }
        }

        return pixels;
    }
}
