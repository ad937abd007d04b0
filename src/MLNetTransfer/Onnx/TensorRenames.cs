namespace MLNetTransfer.Onnx;

/// <summary>
/// Renames original tensors whose names the new model needs for itself (e.g. a backbone tensor already called
/// "features"). Records that mention no renamed tensor are copied verbatim; the others are re-encoded field by
/// field with every other field still copied raw.
/// </summary>
internal sealed class TensorRenames
{
    private readonly Dictionary<string, string> _renames = new(StringComparer.Ordinal);

    public bool IsEmpty => _renames.Count == 0;

    public void Add(string from, string to) => _renames[from] = to;

    public bool IsRenamed(string name) => _renames.ContainsKey(name);

    public string Map(string name) => _renames.GetValueOrDefault(name, name);

    /// <summary>Writes a node with its input and output names mapped, and its own name too when <paramref name="nodeName"/>.</summary>
    public void WriteNode(ProtoBuffer graph, OnnxNodeRecord node, bool nodeName = false)
    {
        if (!node.Inputs.Concat(node.Outputs).Any(IsRenamed) && !(nodeName && IsRenamed(node.Name)))
            graph.WriteRaw(node.Raw);
        else
            graph.WriteMessage(OnnxFields.Graph.Node, Rewrite(node.Raw,
                f => f is OnnxFields.Node.Input or OnnxFields.Node.Output || (nodeName && f == OnnxFields.Node.Name)));
    }

    /// <summary>
    /// Writes a record whose name is a single string field (TensorProto, ValueInfoProto) as graph field
    /// <paramref name="graphField"/>, with the name mapped; verbatim when neither name nor field changes.
    /// </summary>
    public void WriteNamed(ProtoBuffer graph, int graphField, string name, ReadOnlyMemory<byte> raw, int nameField)
    {
        if (!IsRenamed(name) && FieldOf(raw) == graphField)
            graph.WriteRaw(raw);
        else
            graph.WriteMessage(graphField, Rewrite(raw, f => f == nameField));
    }

    private static int FieldOf(ReadOnlyMemory<byte> record)
    {
        var reader = new ProtoReader(record);
        return reader.TryRead(out var field) ? field.Number : 0;
    }

    private ProtoBuffer Rewrite(ReadOnlyMemory<byte> record, Func<int, bool> isNameField)
    {
        var outer = new ProtoReader(record);
        if (!outer.TryRead(out var wrapper))
            throw new InvalidOperationException("empty record");

        var rewritten = new ProtoBuffer();
        var reader = new ProtoReader(wrapper.Payload);
        while (reader.TryRead(out var field))
        {
            if (field.WireType == WireType.LengthDelimited && isNameField(field.Number) && IsRenamed(field.String))
                rewritten.WriteString(field.Number, Map(field.String));
            else
                rewritten.WriteRaw(field.Raw);
        }

        return rewritten;
    }
}
