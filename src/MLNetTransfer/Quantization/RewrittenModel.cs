using MLNetTransfer.Onnx;

namespace MLNetTransfer.Quantization;

/// <summary>
/// Writes a model whose graph body is given anew (nodes, initializers, inputs, outputs) while every other record of
/// the original is copied as it was; the default-domain opset and the IR version can be raised on the way.
/// </summary>
internal sealed class RewrittenModel(OnnxModelDocument document)
{
    public List<ProtoBuffer> Nodes { get; } = [];

    /// <summary>Initializers: raw records kept from the original, or new TensorProto messages.</summary>
    public List<ReadOnlyMemory<byte>> KeptInitializers { get; } = [];

    public List<ProtoBuffer> NewInitializers { get; } = [];

    public List<ReadOnlyMemory<byte>> Inputs { get; } = [];

    public List<ReadOnlyMemory<byte>> Outputs { get; } = [];

    public List<ProtoBuffer> NewOutputs { get; } = [];

    public long? Opset { get; set; }

    public long? IrVersion { get; set; }

    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    /// <summary>A node re-encoded with new input and output lists; name, op type, attributes and domain stay as they were.</summary>
    public static ProtoBuffer Node(OnnxNodeRecord node, IEnumerable<string> inputs, IEnumerable<string> outputs)
    {
        var outer = new ProtoReader(node.Raw);
        outer.TryRead(out var record);
        var buffer = new ProtoBuffer();
        foreach (var input in inputs)
            buffer.WriteString(OnnxFields.Node.Input, input);
        foreach (var output in outputs)
            buffer.WriteString(OnnxFields.Node.Output, output);
        var reader = new ProtoReader(record.Payload);
        while (reader.TryRead(out var field))
        {
            if (field.Number is not (OnnxFields.Node.Input or OnnxFields.Node.Output))
                buffer.WriteRaw(field.Raw);
        }

        return buffer;
    }

    /// <summary>A node kept byte for byte.</summary>
    public static ProtoBuffer Verbatim(OnnxNodeRecord node)
    {
        var outer = new ProtoReader(node.Raw);
        outer.TryRead(out var record);
        var buffer = new ProtoBuffer();
        buffer.WriteRaw(record.Payload);
        return buffer;
    }

    public byte[] Write()
    {
        var graph = new ProtoBuffer();
        foreach (var field in document.GraphFields.Where(f => f.Number != OnnxFields.Graph.QuantizationAnnotation))
            graph.WriteRaw(field.Raw);
        foreach (var node in Nodes)
            graph.WriteMessage(OnnxFields.Graph.Node, node);
        foreach (var raw in KeptInitializers)
            graph.WriteRaw(raw);
        foreach (var tensor in NewInitializers)
            graph.WriteMessage(OnnxFields.Graph.Initializer, tensor);
        foreach (var raw in Inputs)
            graph.WriteRaw(raw);
        foreach (var raw in Outputs)
            graph.WriteRaw(raw);
        foreach (var output in NewOutputs)
            graph.WriteMessage(OnnxFields.Graph.Output, output);
        foreach (var info in document.ValueInfos)
            graph.WriteRaw(info.Raw);

        var model = new ProtoBuffer();
        foreach (var field in document.ModelFields)
        {
            switch (field.Number)
            {
                case OnnxFields.Model.Graph:
                    model.WriteMessage(OnnxFields.Model.Graph, graph);
                    break;
                case OnnxFields.Model.IrVersion when IrVersion is { } ir:
                    model.WriteInt64(OnnxFields.Model.IrVersion, ir);
                    break;
                case OnnxFields.Model.OpsetImport when Opset is { } opset && IsDefaultDomain(field.Raw):
                    model.WriteMessage(OnnxFields.Model.OpsetImport, OnnxMessages.OpsetImport("", opset));
                    break;
                case OnnxFields.Model.TrainingInfo:
                    break;
                default:
                    model.WriteRaw(field.Raw);
                    break;
            }
        }

        foreach (var entry in document.Metadata.Where(e => !Metadata.ContainsKey(e.Key)))
            model.WriteRaw(entry.Raw);
        foreach (var (key, value) in Metadata)
            model.WriteMessage(OnnxFields.Model.MetadataProps, OnnxMessages.MetadataEntry(key, value));
        return model.ToArray();
    }

    /// <summary>Starts from the original graph: every node, initializer, input and output as it was.</summary>
    public static RewrittenModel Copy(OnnxModelDocument document)
    {
        var model = new RewrittenModel(document);
        model.Nodes.AddRange(document.Nodes.Select(Verbatim));
        model.KeptInitializers.AddRange(document.Initializers.Select(i => i.Raw));
        model.Inputs.AddRange(document.Inputs.Select(i => i.Raw));
        model.Outputs.AddRange(document.Outputs.Select(o => o.Raw));
        return model;
    }

    private static bool IsDefaultDomain(ReadOnlyMemory<byte> record)
    {
        var outer = new ProtoReader(record);
        outer.TryRead(out var field);
        var reader = new ProtoReader(field.Payload);
        while (reader.TryRead(out var part))
        {
            if (part.Number == OnnxFields.OperatorSetId.Domain && part.WireType == WireType.LengthDelimited)
                return part.String is "" or "ai.onnx";
        }

        return true;
    }
}
