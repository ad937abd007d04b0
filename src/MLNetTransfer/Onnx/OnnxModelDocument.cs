namespace MLNetTransfer.Onnx;

/// <summary>
/// A ModelProto split into the records the graph builder needs (nodes, initializers, value infos, opsets,
/// metadata) and the raw records of everything else. All slices point into the caller's buffer.
/// </summary>
internal sealed class OnnxModelDocument
{
    public long IrVersion { get; private set; }

    public List<OnnxOpsetImport> Opsets { get; } = [];

    public List<OnnxMetadataEntry> Metadata { get; } = [];

    /// <summary>Top-level fields other than graph and metadata, in file order.</summary>
    public List<OnnxRawField> ModelFields { get; } = [];

    public List<OnnxNodeRecord> Nodes { get; } = [];

    public List<OnnxTensorRecord> Initializers { get; } = [];

    public List<OnnxValueInfoRecord> Inputs { get; } = [];

    public List<OnnxValueInfoRecord> Outputs { get; } = [];

    public List<OnnxValueInfoRecord> ValueInfos { get; } = [];

    /// <summary>Graph fields other than node/initializer/input/output/value_info (name, doc, annotations...).</summary>
    public List<OnnxRawField> GraphFields { get; } = [];

    /// <summary>Parses a model; errors are <see cref="InvalidDataException"/>s naming <paramref name="source"/>.</summary>
    public static OnnxModelDocument Parse(ReadOnlyMemory<byte> model, string source)
    {
        try
        {
            var document = new OnnxModelDocument();
            var hasGraph = document.ReadModel(model);
            if (!hasGraph)
                throw new InvalidDataException("it has no graph");
            if (document.IrVersion <= 0)
                throw new InvalidDataException("it has no ir_version");
            return document;
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"ONNX model '{source}' is not a valid ONNX model: {e.Message}.", e);
        }
    }

    public long DefaultOpsetVersion => Opsets.Where(o => o.IsDefaultDomain).Select(o => o.Version).DefaultIfEmpty(0).Max();

    private bool ReadModel(ReadOnlyMemory<byte> model)
    {
        var hasGraph = false;
        var reader = new ProtoReader(model);
        while (reader.TryRead(out var field))
        {
            switch (field.Number)
            {
                case OnnxFields.Model.IrVersion when field.WireType == WireType.Varint:
                    IrVersion = field.Int64;
                    ModelFields.Add(new OnnxRawField(field.Number, field.Raw));
                    break;
                case OnnxFields.Model.Graph when field.WireType == WireType.LengthDelimited:
                    if (hasGraph)
                        throw new InvalidDataException("it has more than one graph record");
                    hasGraph = true;
                    ReadGraph(field.Payload);
                    ModelFields.Add(new OnnxRawField(field.Number, field.Raw));
                    break;
                case OnnxFields.Model.OpsetImport when field.WireType == WireType.LengthDelimited:
                    Opsets.Add(ReadOpset(field.Payload));
                    ModelFields.Add(new OnnxRawField(field.Number, field.Raw));
                    break;
                case OnnxFields.Model.MetadataProps when field.WireType == WireType.LengthDelimited:
                    Metadata.Add(ReadMetadata(field));
                    break;
                default:
                    ModelFields.Add(new OnnxRawField(field.Number, field.Raw));
                    break;
            }
        }

        return hasGraph;
    }

    private void ReadGraph(ReadOnlyMemory<byte> graph)
    {
        var reader = new ProtoReader(graph);
        while (reader.TryRead(out var field))
        {
            if (field.WireType != WireType.LengthDelimited)
            {
                GraphFields.Add(new OnnxRawField(field.Number, field.Raw));
                continue;
            }

            switch (field.Number)
            {
                case OnnxFields.Graph.Node:
                    Nodes.Add(ReadNode(field.Payload, field.Raw));
                    break;
                case OnnxFields.Graph.Initializer:
                    Initializers.Add(new OnnxTensorRecord(ReadTensorName(field.Payload), field.Raw));
                    break;
                case OnnxFields.Graph.Input:
                    Inputs.Add(new OnnxValueInfoRecord(ReadValueInfo(field.Payload), field.Raw));
                    break;
                case OnnxFields.Graph.Output:
                    Outputs.Add(new OnnxValueInfoRecord(ReadValueInfo(field.Payload), field.Raw));
                    break;
                case OnnxFields.Graph.ValueInfo:
                    ValueInfos.Add(new OnnxValueInfoRecord(ReadValueInfo(field.Payload), field.Raw));
                    break;
                default:
                    GraphFields.Add(new OnnxRawField(field.Number, field.Raw));
                    break;
            }
        }
    }

    private static OnnxNodeRecord ReadNode(ReadOnlyMemory<byte> node, ReadOnlyMemory<byte> raw)
    {
        string name = "", opType = "", domain = "";
        var inputs = new List<string>();
        var outputs = new List<string>();
        var subgraphNames = new HashSet<string>(StringComparer.Ordinal);
        var reader = new ProtoReader(node);
        while (reader.TryRead(out var field))
        {
            switch (field.Number)
            {
                case OnnxFields.Node.Input: inputs.Add(field.String); break;
                case OnnxFields.Node.Output: outputs.Add(field.String); break;
                case OnnxFields.Node.Name: name = field.String; break;
                case OnnxFields.Node.OpType: opType = field.String; break;
                case OnnxFields.Node.Domain: domain = field.String; break;
                case OnnxFields.Node.Attribute: CollectSubgraphNames(field.Payload, subgraphNames); break;
            }
        }

        return new OnnxNodeRecord(name, opType, domain, inputs, outputs, subgraphNames, raw);
    }

    // Subgraphs (If/Loop/Scan bodies) may read outer tensors by name; collecting every name they mention
    // errs on the side of keeping too much when pruning.
    private static void CollectSubgraphNames(ReadOnlyMemory<byte> attribute, HashSet<string> names)
    {
        var reader = new ProtoReader(attribute);
        while (reader.TryRead(out var field))
        {
            if (field.Number is OnnxFields.Attribute.G or OnnxFields.Attribute.Graphs && field.WireType == WireType.LengthDelimited)
                CollectGraphNames(field.Payload, names);
        }
    }

    private static void CollectGraphNames(ReadOnlyMemory<byte> graph, HashSet<string> names)
    {
        var reader = new ProtoReader(graph);
        while (reader.TryRead(out var field))
        {
            if (field.Number != OnnxFields.Graph.Node || field.WireType != WireType.LengthDelimited)
                continue;
            var node = ReadNode(field.Payload, field.Raw);
            names.UnionWith(node.Inputs.Where(n => n.Length > 0));
            names.UnionWith(node.NamesInSubgraphs);
        }
    }

    private static string ReadTensorName(ReadOnlyMemory<byte> tensor)
    {
        var reader = new ProtoReader(tensor);
        var name = "";
        while (reader.TryRead(out var field))
        {
            if (field.Number == OnnxFields.Tensor.Name && field.WireType == WireType.LengthDelimited)
                name = field.String;
        }

        return name;
    }

    private static OnnxOpsetImport ReadOpset(ReadOnlyMemory<byte> opset)
    {
        string domain = "";
        long version = 0;
        var reader = new ProtoReader(opset);
        while (reader.TryRead(out var field))
        {
            if (field.Number == OnnxFields.OperatorSetId.Domain && field.WireType == WireType.LengthDelimited) domain = field.String;
            else if (field.Number == OnnxFields.OperatorSetId.Version && field.WireType == WireType.Varint) version = field.Int64;
        }

        return new OnnxOpsetImport(domain, version);
    }

    private static OnnxMetadataEntry ReadMetadata(ProtoField entry)
    {
        string key = "", value = "";
        var reader = new ProtoReader(entry.Payload);
        while (reader.TryRead(out var field))
        {
            if (field.WireType != WireType.LengthDelimited) continue;
            if (field.Number == OnnxFields.StringStringEntry.Key) key = field.String;
            else if (field.Number == OnnxFields.StringStringEntry.Value) value = field.String;
        }

        return new OnnxMetadataEntry(key, value, entry.Raw);
    }

    internal static OnnxValueInfo ReadValueInfo(ReadOnlyMemory<byte> valueInfo)
    {
        var name = "";
        var elementType = OnnxElementType.Undefined;
        var dims = new List<long>();
        var hasShape = false;
        var reader = new ProtoReader(valueInfo);
        while (reader.TryRead(out var field))
        {
            if (field.Number == OnnxFields.ValueInfo.Name && field.WireType == WireType.LengthDelimited)
                name = field.String;
            else if (field.Number == OnnxFields.ValueInfo.Type && field.WireType == WireType.LengthDelimited)
                ReadType(field.Payload, ref elementType, dims, ref hasShape);
        }

        return new OnnxValueInfo(name, elementType, dims) { HasShape = hasShape };
    }

    private static void ReadType(ReadOnlyMemory<byte> type, ref OnnxElementType elementType, List<long> dims, ref bool hasShape)
    {
        var reader = new ProtoReader(type);
        while (reader.TryRead(out var field))
        {
            // Sequence, map and optional types are not image tensors; they stay Undefined with no shape.
            if (field.Number != OnnxFields.TypeProto.TensorType || field.WireType != WireType.LengthDelimited)
                continue;
            var tensor = new ProtoReader(field.Payload);
            while (tensor.TryRead(out var part))
            {
                if (part.Number == OnnxFields.TensorType.ElemType && part.WireType == WireType.Varint)
                    elementType = (OnnxElementType)part.Int64;
                else if (part.Number == OnnxFields.TensorType.Shape && part.WireType == WireType.LengthDelimited)
                {
                    hasShape = true;
                    ReadShape(part.Payload, dims);
                }
            }
        }
    }

    private static void ReadShape(ReadOnlyMemory<byte> shape, List<long> dims)
    {
        var reader = new ProtoReader(shape);
        while (reader.TryRead(out var field))
        {
            if (field.Number != OnnxFields.TensorShape.Dim || field.WireType != WireType.LengthDelimited)
                continue;
            long value = -1;
            var dim = new ProtoReader(field.Payload);
            while (dim.TryRead(out var part))
            {
                if (part.Number == OnnxFields.Dimension.DimValue && part.WireType == WireType.Varint)
                    value = part.Int64;
            }

            dims.Add(value >= 0 ? value : -1);
        }
    }
}
