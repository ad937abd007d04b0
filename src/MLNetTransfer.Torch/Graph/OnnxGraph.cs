using MLNetTransfer.Onnx;

namespace MLNetTransfer.Torch.Graph;

/// <summary>
/// An ONNX graph read for execution: nodes with decoded attributes, initializers decoded to numbers, the real
/// inputs and the outputs. Reading it needs no libtorch, so operator checks run on any machine.
/// </summary>
internal sealed class OnnxGraph
{
    private OnnxGraph(IReadOnlyList<GraphNode> nodes, IReadOnlyDictionary<string, OnnxTensorData> initializers,
        IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, long opset)
    {
        Nodes = nodes;
        Initializers = initializers;
        Inputs = inputs;
        Outputs = outputs;
        Opset = opset;
    }

    public IReadOnlyList<GraphNode> Nodes { get; }

    public IReadOnlyDictionary<string, OnnxTensorData> Initializers { get; }

    public IReadOnlyList<string> Inputs { get; }

    public IReadOnlyList<string> Outputs { get; }

    public long Opset { get; }

    /// <summary>Parses the model and checks every node is an operator the engine runs.</summary>
    public static OnnxGraph Read(byte[] model, string source)
    {
        var document = OnnxModelDocument.Parse(model, source);
        var nodes = document.Nodes.Select((n, i) => new GraphNode(i, n.Name, n.OpType, n.Domain, n.Inputs, n.Outputs, NodeAttributes.FromNode(n.Raw))).ToArray();
        OperatorSupport.Check(nodes, source);

        var initializers = new Dictionary<string, OnnxTensorData>(StringComparer.Ordinal);
        foreach (var record in document.Initializers)
        {
            try
            {
                initializers[record.Name] = record.Decode();
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"ONNX model '{source}': {e.Message}.", e);
            }
        }

        var inputs = document.Inputs.Select(i => i.Info.Name).Where(n => !initializers.ContainsKey(n)).ToArray();
        var outputs = document.Outputs.Select(o => o.Info.Name).ToArray();
        return new OnnxGraph(nodes, initializers, inputs, outputs, document.DefaultOpsetVersion);
    }
}
