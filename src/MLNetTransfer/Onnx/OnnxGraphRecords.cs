namespace MLNetTransfer.Onnx;

/// <summary>A NodeProto: the names it reads and writes, plus its raw record for verbatim copying.</summary>
internal sealed record OnnxNodeRecord(
    string Name,
    string OpType,
    string Domain,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    IReadOnlySet<string> NamesInSubgraphs,
    ReadOnlyMemory<byte> Raw)
{
    public bool HasSubgraphs => NamesInSubgraphs.Count > 0;
}

/// <summary>A TensorProto initializer: only its name is decoded; its data stays in <see cref="Raw"/>.</summary>
internal sealed record OnnxTensorRecord(string Name, ReadOnlyMemory<byte> Raw)
{
    /// <summary>The TensorProto message inside the record (the record also holds the field's tag and length).</summary>
    public ReadOnlyMemory<byte> Payload
    {
        get
        {
            var reader = new ProtoReader(Raw);
            reader.TryRead(out var record);
            return record.Payload;
        }
    }

    public OnnxTensorData Decode() => OnnxTensorData.Decode(Payload);
}

/// <summary>A ValueInfoProto (graph input, output or value_info) decoded, plus its raw record.</summary>
internal sealed record OnnxValueInfoRecord(OnnxValueInfo Info, ReadOnlyMemory<byte> Raw);

/// <summary>An opset_import entry.</summary>
internal sealed record OnnxOpsetImport(string Domain, long Version)
{
    public bool IsDefaultDomain => Domain is "" or "ai.onnx";
}

/// <summary>A metadata_props entry.</summary>
internal sealed record OnnxMetadataEntry(string Key, string Value, ReadOnlyMemory<byte> Raw);

/// <summary>A top-level field this toolkit does not interpret, kept as its raw record.</summary>
internal sealed record OnnxRawField(int Number, ReadOnlyMemory<byte> Raw);
