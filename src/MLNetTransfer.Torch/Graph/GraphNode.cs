using MLNetTransfer.Onnx;

namespace MLNetTransfer.Torch.Graph;

/// <summary>One node of the graph the engine runs, in the graph's (topological) order.</summary>
internal sealed record GraphNode(int Index, string Name, string OpType, string Domain, IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs, NodeAttributes Attributes)
{
    /// <summary>How messages name the node: its name when it has one, else its first output.</summary>
    public string Describe() => Name.Length > 0 ? $"node '{Name}' ({OpType})" : $"{OpType} node writing '{Outputs.FirstOrDefault()}'";
}
