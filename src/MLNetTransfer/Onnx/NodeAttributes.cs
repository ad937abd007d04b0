namespace MLNetTransfer.Onnx;

/// <summary>The attributes of one ONNX node, decoded from its AttributeProto records.</summary>
internal sealed class NodeAttributes
{
    // AttributeProto field numbers (onnx.proto).
    private const int NameField = 1, FloatField = 2, IntField = 3, StringField = 4, TensorField = 5, FloatsField = 7, IntsField = 8;

    private readonly Dictionary<string, float> _floats = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _ints = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OnnxTensorData> _tensors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, float[]> _floatLists = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long[]> _intLists = new(StringComparer.Ordinal);

    public static NodeAttributes FromNode(ReadOnlyMemory<byte> nodeRecord)
    {
        var attributes = new NodeAttributes();
        var outer = new ProtoReader(nodeRecord);
        if (!outer.TryRead(out var nodeField))
            return attributes;
        var reader = new ProtoReader(nodeField.Payload);
        while (reader.TryRead(out var field))
        {
            if (field.Number == OnnxFields.Node.Attribute && field.WireType == WireType.LengthDelimited)
                attributes.Read(field.Payload);
        }

        return attributes;
    }

    public IEnumerable<string> Names => _floats.Keys.Concat(_ints.Keys).Concat(_strings.Keys).Concat(_tensors.Keys)
        .Concat(_floatLists.Keys).Concat(_intLists.Keys);

    public bool Has(string name) => Names.Contains(name);

    public long Int(string name, long fallback) => _ints.TryGetValue(name, out var v) ? v : fallback;

    public float Float(string name, float fallback) => _floats.TryGetValue(name, out var v) ? v : fallback;

    public string String(string name, string fallback) => _strings.TryGetValue(name, out var v) ? v : fallback;

    public long[]? Ints(string name) => _intLists.TryGetValue(name, out var v) ? v : null;

    public float[]? Floats(string name) => _floatLists.TryGetValue(name, out var v) ? v : null;

    public OnnxTensorData? Tensor(string name) => _tensors.TryGetValue(name, out var v) ? v : null;

    private void Read(ReadOnlyMemory<byte> attribute)
    {
        var name = "";
        float? f = null;
        long? i = null;
        string? s = null;
        OnnxTensorData? t = null;
        var floats = new List<float>();
        var ints = new List<long>();
        var reader = new ProtoReader(attribute);
        while (reader.TryRead(out var field))
        {
            switch (field.Number)
            {
                case NameField: name = field.String; break;
                case FloatField: f = field.Fixed32AsFloat; break;
                case IntField: i = field.Int64; break;
                case StringField: s = field.String; break;
                case TensorField: t = OnnxTensorData.Decode(field.Payload); break;
                case FloatsField: OnnxTensorData.AddFloats(field, floats); break;
                case IntsField: ProtoReader.AddInt64s(field, ints); break;
            }
        }

        if (f is { } fv) _floats[name] = fv;
        if (i is { } iv) _ints[name] = iv;
        if (s is not null) _strings[name] = s;
        if (t is not null) _tensors[name] = t;
        if (floats.Count > 0) _floatLists[name] = [.. floats];
        if (ints.Count > 0) _intLists[name] = [.. ints];
    }
}
