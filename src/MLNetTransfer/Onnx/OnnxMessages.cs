using System.Runtime.InteropServices;

namespace MLNetTransfer.Onnx;

/// <summary>A dim to declare: a fixed size, or a symbolic name such as "N".</summary>
internal readonly record struct OnnxDim(long Value, string? Param)
{
    public static OnnxDim Fixed(long value) => new(value, null);

    public static OnnxDim Symbolic(string param) => new(-1, param);
}

/// <summary>A node attribute this toolkit writes: int, ints or float.</summary>
internal abstract record OnnxAttribute(string Name)
{
    public sealed record Int(string Name, long Value) : OnnxAttribute(Name);

    public sealed record Ints(string Name, long[] Values) : OnnxAttribute(Name);

    public sealed record Float(string Name, float Value) : OnnxAttribute(Name);

    public sealed record Text(string Name, string Value) : OnnxAttribute(Name);

    public ProtoBuffer Encode()
    {
        var buffer = new ProtoBuffer();
        buffer.WriteString(OnnxFields.Attribute.Name, Name);
        switch (this)
        {
            case Int i:
                buffer.WriteInt64(OnnxFields.Attribute.I, i.Value);
                buffer.WriteInt64(OnnxFields.Attribute.Type, OnnxFields.AttributeType.Int);
                break;
            case Ints ints:
                buffer.WritePackedInt64s(OnnxFields.Attribute.Ints, ints.Values);
                buffer.WriteInt64(OnnxFields.Attribute.Type, OnnxFields.AttributeType.Ints);
                break;
            case Float f:
                buffer.WriteFloat(OnnxFields.Attribute.F, f.Value);
                buffer.WriteInt64(OnnxFields.Attribute.Type, OnnxFields.AttributeType.Float);
                break;
            case Text t:
                buffer.WriteString(OnnxFields.Attribute.S, t.Value);
                buffer.WriteInt64(OnnxFields.Attribute.Type, OnnxFields.AttributeType.String);
                break;
        }

        return buffer;
    }
}

/// <summary>Encoders for the small ONNX messages the builder creates (nodes, constant tensors, declarations).</summary>
internal static class OnnxMessages
{
    public static ProtoBuffer Node(string opType, string name, IEnumerable<string> inputs, IEnumerable<string> outputs,
        params OnnxAttribute[] attributes)
    {
        var buffer = new ProtoBuffer();
        foreach (var input in inputs)
            buffer.WriteString(OnnxFields.Node.Input, input);
        foreach (var output in outputs)
            buffer.WriteString(OnnxFields.Node.Output, output);
        buffer.WriteString(OnnxFields.Node.Name, name);
        buffer.WriteString(OnnxFields.Node.OpType, opType);
        foreach (var attribute in attributes)
            buffer.WriteMessage(OnnxFields.Node.Attribute, attribute.Encode());
        return buffer;
    }

    public static ProtoBuffer FloatTensor(string name, IReadOnlyList<long> dims, ReadOnlySpan<float> values) =>
        Tensor(name, OnnxElementType.Float, dims, MemoryMarshal.AsBytes(values), values.Length);

    public static ProtoBuffer Int64Tensor(string name, IReadOnlyList<long> dims, ReadOnlySpan<long> values) =>
        Tensor(name, OnnxElementType.Int64, dims, MemoryMarshal.AsBytes(values), values.Length);

    public static ProtoBuffer Int8Tensor(string name, IReadOnlyList<long> dims, ReadOnlySpan<sbyte> values) =>
        Tensor(name, OnnxElementType.Int8, dims, MemoryMarshal.AsBytes(values), values.Length);

    public static ProtoBuffer UInt8Tensor(string name, IReadOnlyList<long> dims, ReadOnlySpan<byte> values) =>
        Tensor(name, OnnxElementType.UInt8, dims, values, values.Length);

    public static ProtoBuffer Int32Tensor(string name, IReadOnlyList<long> dims, ReadOnlySpan<int> values) =>
        Tensor(name, OnnxElementType.Int32, dims, MemoryMarshal.AsBytes(values), values.Length);

    /// <summary>A declaration with an element type and no shape (e.g. an intermediate tensor exposed as an output).</summary>
    public static ProtoBuffer UnshapedValueInfo(string name, OnnxElementType elementType) => ValueInfo(name, elementType, shape: null);

    public static ProtoBuffer ValueInfo(string name, OnnxElementType elementType, IReadOnlyList<OnnxDim> dims)
    {
        var shape = new ProtoBuffer();
        foreach (var dim in dims)
        {
            var encoded = new ProtoBuffer();
            if (dim.Param is not null) encoded.WriteString(OnnxFields.Dimension.DimParam, dim.Param);
            else encoded.WriteInt64(OnnxFields.Dimension.DimValue, dim.Value);
            shape.WriteMessage(OnnxFields.TensorShape.Dim, encoded);
        }

        return ValueInfo(name, elementType, shape);
    }

    private static ProtoBuffer ValueInfo(string name, OnnxElementType elementType, ProtoBuffer? shape)
    {
        var tensorType = new ProtoBuffer();
        tensorType.WriteInt64(OnnxFields.TensorType.ElemType, (long)elementType);
        if (shape is not null)
            tensorType.WriteMessage(OnnxFields.TensorType.Shape, shape);
        var type = new ProtoBuffer();
        type.WriteMessage(OnnxFields.TypeProto.TensorType, tensorType);

        var buffer = new ProtoBuffer();
        buffer.WriteString(OnnxFields.ValueInfo.Name, name);
        buffer.WriteMessage(OnnxFields.ValueInfo.Type, type);
        return buffer;
    }

    public static ProtoBuffer OpsetImport(string domain, long version)
    {
        var buffer = new ProtoBuffer();
        buffer.WriteString(OnnxFields.OperatorSetId.Domain, domain);
        buffer.WriteInt64(OnnxFields.OperatorSetId.Version, version);
        return buffer;
    }

    public static ProtoBuffer MetadataEntry(string key, string value)
    {
        var buffer = new ProtoBuffer();
        buffer.WriteString(OnnxFields.StringStringEntry.Key, key);
        buffer.WriteString(OnnxFields.StringStringEntry.Value, value);
        return buffer;
    }

    private static ProtoBuffer Tensor(string name, OnnxElementType type, IReadOnlyList<long> dims, ReadOnlySpan<byte> littleEndianData, int count)
    {
        var expected = dims.Aggregate(1L, (a, b) => a * b);
        if (expected != count)
            throw new ArgumentException($"tensor '{name}' has {count} values for dims [{string.Join(',', dims)}]");
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("ONNX raw_data is little-endian; big-endian hosts are not supported.");

        var buffer = new ProtoBuffer();
        buffer.WritePackedInt64s(OnnxFields.Tensor.Dims, dims);
        buffer.WriteInt64(OnnxFields.Tensor.DataType, (long)type);
        buffer.WriteString(OnnxFields.Tensor.Name, name);
        buffer.WriteLengthDelimited(OnnxFields.Tensor.RawData, littleEndianData);
        return buffer;
    }
}
