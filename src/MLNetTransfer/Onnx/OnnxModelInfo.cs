namespace MLNetTransfer.Onnx;

/// <summary>
/// What an ONNX model declares: its real inputs, outputs, default opset, metadata and the tensors its graph
/// computes. Reading it decodes names and types only; weights are never copied.
/// </summary>
internal sealed class OnnxModelInfo
{
    private static readonly string[] QuantizedOps = ["QuantizeLinear", "DequantizeLinear", "DynamicQuantizeLinear", "ConvInteger", "MatMulInteger"];

    private readonly HashSet<string> _tensorNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OnnxValueInfo> _declared = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _producerOps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _producerFirstInputs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _initializers = new(StringComparer.Ordinal);

    internal OnnxModelInfo(OnnxModelDocument document)
    {
        _initializers.UnionWith(document.Initializers.Select(t => t.Name));
        Inputs = document.Inputs.Select(r => r.Info).Where(i => !_initializers.Contains(i.Name)).ToArray();
        Outputs = document.Outputs.Select(r => r.Info).ToArray();
        OpsetVersion = document.DefaultOpsetVersion;
        IrVersion = document.IrVersion;

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in document.Metadata)
            metadata[entry.Key] = entry.Value;
        Metadata = metadata;

        // Declarations: value_info first, so the graph's own inputs and outputs win where both exist.
        foreach (var record in document.ValueInfos.Concat(document.Inputs).Concat(document.Outputs))
            _declared[record.Info.Name] = record.Info;

        var nodeOutputs = new List<string>();
        foreach (var node in document.Nodes)
        {
            foreach (var output in node.Outputs.Where(o => o.Length > 0))
            {
                nodeOutputs.Add(output);
                _producerOps[output] = node.OpType;
                _producerFirstInputs[output] = node.Inputs.Count > 0 ? node.Inputs[0] : "";
            }
        }

        NodeOutputNames = nodeOutputs;
        NodeCount = document.Nodes.Count;
        IsQuantized = document.Nodes.Any(n => n.OpType.StartsWith("QLinear", StringComparison.Ordinal) || QuantizedOps.Contains(n.OpType));
        _tensorNames.UnionWith(document.Inputs.Select(r => r.Info.Name));
        _tensorNames.UnionWith(_initializers);
        _tensorNames.UnionWith(nodeOutputs);
    }

    /// <summary>Real inputs: graph inputs that are not initializers.</summary>
    public IReadOnlyList<OnnxValueInfo> Inputs { get; }

    public IReadOnlyList<OnnxValueInfo> Outputs { get; }

    /// <summary>Version of the default ("" or "ai.onnx") operator set; 0 when the model imports none.</summary>
    public long OpsetVersion { get; }

    public long IrVersion { get; }

    /// <summary>The model's metadata_props.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Every node output, in graph order.</summary>
    public IReadOnlyList<string> NodeOutputNames { get; }

    public int NodeCount { get; }

    /// <summary>True when the graph has quantize/dequantize, QLinear* or integer conv/matmul nodes.</summary>
    public bool IsQuantized { get; }

    public static OnnxModelInfo Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"ONNX model '{path}' cannot be read: {e.Message}", e);
        }

        return Parse(bytes, path);
    }

    /// <summary>Parses model bytes; <paramref name="source"/> names the model in errors.</summary>
    public static OnnxModelInfo Parse(byte[] model, string source) => new(OnnxModelDocument.Parse(model, source));

    /// <summary>True when the name is a graph input, an initializer or any node output.</summary>
    public bool HasTensor(string name) => _tensorNames.Contains(name);

    /// <summary>The declared type and shape from input, output or value_info; null when the model declares none.</summary>
    public OnnxValueInfo? FindValueInfo(string name) => _declared.GetValueOrDefault(name);

    /// <summary>The op type of the node that computes the tensor; null for inputs, initializers and unknown names.</summary>
    public string? FindProducerOp(string name) => _producerOps.GetValueOrDefault(name);

    /// <summary>The first input of the node that computes the tensor; null when no node computes it.</summary>
    internal string? FindProducerFirstInput(string name) => _producerFirstInputs.GetValueOrDefault(name);

    public bool IsInitializer(string name) => _initializers.Contains(name);
}
