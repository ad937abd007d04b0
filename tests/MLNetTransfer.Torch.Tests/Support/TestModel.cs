using MLNetTransfer.Onnx;

namespace MLNetTransfer.Torch.Tests.Support;

/// <summary>Writes small ONNX models (opset 14) node by node, for operator tests against ONNX Runtime.</summary>
internal sealed class TestModel
{
    private readonly List<ProtoBuffer> _nodes = [];
    private readonly List<ProtoBuffer> _initializers = [];
    private readonly Random _random = new(7);

    public string Node(string opType, string[] inputs, params OnnxAttribute[] attributes)
    {
        var output = $"t{_nodes.Count}_{opType}";
        _nodes.Add(OnnxMessages.Node(opType, $"n{_nodes.Count}_{opType}", inputs, [output], attributes));
        return output;
    }

    public string Weights(string name, params long[] dims)
    {
        var count = (int)dims.Aggregate(1L, (a, b) => a * b);
        var values = Enumerable.Range(0, count).Select(_ => (float)(_random.NextDouble() * 2 - 1)).ToArray();
        return Floats(name, dims, values);
    }

    public string Floats(string name, long[] dims, float[] values)
    {
        _initializers.Add(OnnxMessages.FloatTensor(name, dims, values));
        return name;
    }

    public string Int64s(string name, params long[] values)
    {
        _initializers.Add(OnnxMessages.Int64Tensor(name, [values.Length], values));
        return name;
    }

    public byte[] Build(string input, long[] inputShape, string output)
    {
        var graph = new ProtoBuffer();
        foreach (var node in _nodes) graph.WriteMessage(OnnxFields.Graph.Node, node);
        graph.WriteString(OnnxFields.Graph.Name, "test");
        foreach (var t in _initializers) graph.WriteMessage(OnnxFields.Graph.Initializer, t);
        graph.WriteMessage(OnnxFields.Graph.Input, OnnxMessages.ValueInfo(input, OnnxElementType.Float, inputShape.Select(OnnxDim.Fixed).ToArray()));
        graph.WriteMessage(OnnxFields.Graph.Output, OnnxMessages.ValueInfo(output, OnnxElementType.Float, [OnnxDim.Symbolic("a"), OnnxDim.Symbolic("b")]));
        var model = new ProtoBuffer();
        model.WriteInt64(OnnxFields.Model.IrVersion, 8);
        model.WriteMessage(OnnxFields.Model.Graph, graph);
        model.WriteMessage(OnnxFields.Model.OpsetImport, OnnxMessages.OpsetImport("", 14));
        return model.ToArray();
    }
}
