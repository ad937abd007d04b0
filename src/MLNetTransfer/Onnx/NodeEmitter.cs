namespace MLNetTransfer.Onnx;

/// <summary>Collects the nodes and constant initializers the builder adds around the backbone.</summary>
internal sealed class NodeEmitter(UniqueNames names, string prefix)
{
    public List<ProtoBuffer> Nodes { get; } = [];

    /// <summary>New constants, with what a graph input declaring them needs (models below IR 4 list initializers as inputs).</summary>
    public List<(ProtoBuffer Tensor, string Name, OnnxElementType Type, long[] Dims)> Constants { get; } = [];

    /// <summary>Adds a node and returns its output: <paramref name="output"/> or a fresh name from the hint.</summary>
    public string Emit(string opType, string[] inputs, string? output = null, params OnnxAttribute[] attributes)
    {
        output ??= names.Make($"{prefix}/{opType}_out");
        Nodes.Add(OnnxMessages.Node(opType, names.Make($"{prefix}/{opType}"), inputs, [output], attributes));
        return output;
    }

    public string FloatConstant(string hint, long[] dims, float[] values)
    {
        var name = names.Make($"{prefix}/{hint}");
        Constants.Add((OnnxMessages.FloatTensor(name, dims, values), name, OnnxElementType.Float, dims));
        return name;
    }

    public string Int64Constant(string hint, long[] dims, long[] values)
    {
        var name = names.Make($"{prefix}/{hint}");
        Constants.Add((OnnxMessages.Int64Tensor(name, dims, values), name, OnnxElementType.Int64, dims));
        return name;
    }
}
