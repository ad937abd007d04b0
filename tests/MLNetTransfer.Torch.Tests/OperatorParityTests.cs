using MLNetTransfer.Onnx;
using MLNetTransfer.Torch.Graph;
using MLNetTransfer.Torch.Tests.Support;
using static TorchSharp.torch;

namespace MLNetTransfer.Torch.Tests;

/// <summary>Small graphs that exercise each operator's awkward cases, run by the engine and by ONNX Runtime.</summary>
public class OperatorParityTests
{
    private static readonly long[] InputShape = [2, 4, 11, 11];

    [TorchFact]
    public void Convolutions_pooling_and_activations_match_onnx_runtime()
    {
        var m = new TestModel();
        var padded = m.Node("Pad", ["x", m.Int64s("pads", 0, 0, 1, 0, 0, 0, 0, 2)]);
        var grouped = m.Node("Conv", [padded, m.Weights("w1", 8, 2, 3, 3), m.Weights("b1", 8)],
            new OnnxAttribute.Int("group", 2), new OnnxAttribute.Ints("dilations", [2, 1]), new OnnxAttribute.Ints("strides", [1, 2]),
            new OnnxAttribute.Ints("pads", [1, 0, 2, 1]));
        var bn = m.Node("BatchNormalization", [grouped, m.Weights("g", 8), m.Weights("beta", 8), m.Weights("mu", 8), m.Floats("var", [8], Enumerable.Repeat(0.5f, 8).ToArray())]);
        var hs = m.Node("HardSwish", [bn]);
        var depthwise = m.Node("Conv", [hs, m.Weights("w2", 8, 1, 3, 3)], new OnnxAttribute.Int("group", 8),
            new OnnxAttribute.Ints("pads", [1, 1, 1, 1]));
        var sig = m.Node("HardSigmoid", [depthwise], new OnnxAttribute.Float("alpha", 0.3f));
        var mul = m.Node("Mul", [hs, sig]);
        var max = m.Node("MaxPool", [mul], new OnnxAttribute.Ints("kernel_shape", [3, 3]), new OnnxAttribute.Ints("strides", [2, 2]), new OnnxAttribute.Int("ceil_mode", 1));
        var avg = m.Node("AveragePool", [max], new OnnxAttribute.Ints("kernel_shape", [2, 2]), new OnnxAttribute.Ints("pads", [1, 1, 1, 1]));
        var clip = m.Node("Clip", [avg, m.Floats("lo", [], [0f]), m.Floats("hi", [], [0.4f])]);
        var gap = m.Node("GlobalAveragePool", [clip]);
        var mean = m.Node("ReduceMean", [m.Node("Sigmoid", [mul])], new OnnxAttribute.Ints("axes", [2, 3]), new OnnxAttribute.Int("keepdims", 1));
        var joined = m.Node("Concat", [gap, mean], new OnnxAttribute.Int("axis", 1));
        // The exporter-style flatten: Shape -> Gather(0) -> Unsqueeze -> Concat with -1 -> Reshape.
        var batch = m.Node("Unsqueeze", [m.Node("Gather", [m.Node("Shape", [joined]), m.Int64s("zero", 0)]), m.Int64s("axis0", 0)]);
        var flat = m.Node("Reshape", [joined, m.Node("Concat", [m.Node("Squeeze", [batch, m.Int64s("sq", 1)]), m.Int64s("minus1", -1)], new OnnxAttribute.Int("axis", 0))]);
        var gemm = m.Node("Gemm", [flat, m.Weights("wg", 5, 16), m.Weights("bg", 5)], new OnnxAttribute.Int("transB", 1), new OnnxAttribute.Float("alpha", 0.7f));
        var output = m.Node("Relu", [m.Node("Sub", [gemm, m.Node("Transpose", [m.Node("MatMul", [m.Weights("wm", 5, 2), m.Weights("wm2", 2, 2)])])])]);
        AssertParity(m.Build("x", InputShape, output), output);
    }

    private static void AssertParity(byte[] model, string output)
    {
        var random = new Random(3);
        var input = Enumerable.Range(0, 2 * 4 * 11 * 11).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
        var expected = OrtReference.Run(model, "x", input, InputShape, output);

        using var graph = new TorchGraph(OnnxGraph.Read(model, "test"), CPU);
        using var x = tensor(input, InputShape);
        var actual = graph.Run(new Dictionary<string, Tensor> { ["x"] = x }, graph.Graph.Nodes, [output])[output];
        OrtReference.RelativeError(actual.data<float>().ToArray(), expected).Should().BeLessThan(1e-5);
    }
}
