using MLNetTransfer.Onnx;

namespace MLNetTransfer.Quantization;

/// <summary>A Conv to run in int8: its activation input, float weight and bias initializers, and the output to quantize.</summary>
internal sealed record QuantizedConv(OnnxNodeRecord Node, string Input, string Weight, string? Bias, string QuantizedOutput);

/// <summary>
/// Which operators of a prepared float model run in int8, and which activation tensors then need a calibrated range.
/// ONNX Runtime turns DequantizeLinear -> Conv [-> Relu/Clip] -> QuantizeLinear into one QLinearConv (the activation
/// disappears into the output range, which holds only values it lets through), and DQ -> Add -> Q into QLinearAdd.
/// </summary>
internal sealed record QdqPlan(IReadOnlyList<QuantizedConv> Convs, IReadOnlyList<OnnxNodeRecord> Adds, IReadOnlyList<string> Activations)
{
    public static QdqPlan For(OnnxModelDocument document, string features, QuantizationSettings settings)
    {
        var initializers = document.Initializers.ToDictionary(i => i.Name, StringComparer.Ordinal);
        var graphInputs = document.Inputs.Select(i => i.Info.Name).ToHashSet(StringComparer.Ordinal);
        var consumers = document.Nodes.SelectMany(n => n.Inputs.Concat(n.NamesInSubgraphs).Select(i => (Name: i, Node: n)))
            .ToLookup(p => p.Name, p => p.Node, StringComparer.Ordinal);
        var outputs = document.Outputs.Select(o => o.Info.Name).ToHashSet(StringComparer.Ordinal);
        bool Quantizable(string tensor) => tensor != features && !outputs.Contains(tensor) && !initializers.ContainsKey(tensor) && !graphInputs.Contains(tensor);

        var candidates = document.Nodes.Where(n => n.OpType == "Conv" && n.Domain is "" or "ai.onnx" && n.Inputs.Count >= 2 && n.Outputs.Count == 1
            && initializers.ContainsKey(n.Inputs[1]) && consumers[n.Inputs[1]].Count() == 1
            && (n.Inputs.Count < 3 || n.Inputs[2].Length == 0 || (initializers.ContainsKey(n.Inputs[2]) && consumers[n.Inputs[2]].Count() == 1))
            && Quantizable(n.Inputs[0])).ToList();
        var convNodes = document.Nodes.Where(n => n.OpType == "Conv").ToList();
        var skip = new HashSet<OnnxNodeRecord>();
        if (settings.KeepFirstConvFloat && convNodes.Count > 0)
            skip.Add(convNodes[0]);
        foreach (var last in convNodes.TakeLast(settings.KeepLastConvsFloat))
            skip.Add(last);

        var convs = new List<QuantizedConv>();
        foreach (var conv in candidates.Where(c => !skip.Contains(c)))
        {
            var output = conv.Outputs[0];
            var users = consumers[output].ToList();
            // A lone ReLU or Clip after the Conv folds into the quantized output's range.
            if (users.Count == 1 && users[0].OpType is "Relu" or "Clip" && users[0].Outputs.Count == 1 && Quantizable(output))
                output = users[0].Outputs[0];
            if (!Quantizable(output))
                continue;
            var bias = conv.Inputs.Count > 2 && conv.Inputs[2].Length > 0 ? conv.Inputs[2] : null;
            if (bias is not null && initializers[bias].Decode().Type != OnnxElementType.Float)
                continue;
            if (initializers[conv.Inputs[1]].Decode().Type != OnnxElementType.Float)
                continue;
            convs.Add(new QuantizedConv(conv, conv.Inputs[0], conv.Inputs[1], bias, output));
        }

        var activations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var conv in convs)
        {
            activations.Add(conv.Input);
            activations.Add(conv.QuantizedOutput);
        }

        var adds = new List<OnnxNodeRecord>();
        if (settings.QuantizeAdd)
        {
            foreach (var add in document.Nodes.Where(n => n.OpType == "Add" && n.Inputs.Count == 2 && n.Outputs.Count == 1
                && n.Inputs.All(activations.Contains)))
            {
                var users = consumers[add.Outputs[0]].ToList();
                var output = users.Count == 1 && users[0].OpType is "Relu" && Quantizable(add.Outputs[0]) ? users[0].Outputs[0] : add.Outputs[0];
                if (!Quantizable(output))
                    continue;
                adds.Add(add);
                activations.Add(output);
            }
        }

        return new QdqPlan(convs, adds, [.. activations]);
    }
}
