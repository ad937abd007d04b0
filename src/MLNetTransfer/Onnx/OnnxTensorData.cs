using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace MLNetTransfer.Onnx;

/// <summary>
/// A TensorProto decoded into numbers: float32 tensors as floats, integer tensors as int64s. Engines that run a
/// graph themselves (the TorchSharp engine) read initializers and Constant values through this.
/// </summary>
internal sealed record OnnxTensorData(string Name, OnnxElementType Type, long[] Dims, float[]? Floats, long[]? Int64s)
{
    // TensorProto field numbers (onnx.proto) that OnnxFields does not list.
    private const int FloatData = 4;
    private const int Int32Data = 5;
    private const int Int64Data = 7;
    private const int DoubleData = 10;
    private const int DataLocation = 14;

    public long ElementCount => Dims.Aggregate(1L, (a, b) => a * b);

    /// <summary>Decodes one TensorProto message (its payload, not the field record around it).</summary>
    public static OnnxTensorData Decode(ReadOnlyMemory<byte> tensor)
    {
        var name = "";
        var type = OnnxElementType.Undefined;
        var dims = new List<long>();
        ReadOnlyMemory<byte> raw = default;
        var hasRaw = false;
        var floats = new List<float>();
        var ints = new List<long>();
        var doubles = new List<double>();
        var reader = new ProtoReader(tensor);
        while (reader.TryRead(out var field))
        {
            switch (field.Number)
            {
                case OnnxFields.Tensor.Dims: ProtoReader.AddInt64s(field, dims); break;
                case OnnxFields.Tensor.DataType: type = (OnnxElementType)field.Int64; break;
                case OnnxFields.Tensor.Name: name = field.String; break;
                case OnnxFields.Tensor.RawData: raw = field.Payload; hasRaw = true; break;
                case FloatData: AddFloats(field, floats); break;
                case Int32Data or Int64Data: ProtoReader.AddInt64s(field, ints); break;
                case DoubleData: AddDoubles(field, doubles); break;
                case DataLocation when field.Int64 == 1:
                    throw new InvalidDataException($"tensor '{name}' keeps its data in an external file, which is not supported here");
            }
        }

        var count = dims.Aggregate(1L, (a, b) => a * b);
        long[] shape = [.. dims];
        OnnxTensorData decoded = type switch
        {
            OnnxElementType.Float => new(name, type, shape, hasRaw ? MemoryMarshal.Cast<byte, float>(raw.Span).ToArray() : [.. floats], null),
            OnnxElementType.Double => new(name, type, shape, (hasRaw ? MemoryMarshal.Cast<byte, double>(raw.Span).ToArray() : [.. doubles]).Select(d => (float)d).ToArray(), null),
            OnnxElementType.Int64 => new(name, type, shape, null, hasRaw ? MemoryMarshal.Cast<byte, long>(raw.Span).ToArray() : [.. ints]),
            OnnxElementType.Int32 => new(name, type, shape, null, hasRaw ? MemoryMarshal.Cast<byte, int>(raw.Span).ToArray().Select(i => (long)i).ToArray() : [.. ints]),
            // Zero points of (de)quantization: raw bytes, or one int32_data entry per value.
            OnnxElementType.UInt8 => new(name, type, shape, null, hasRaw ? raw.ToArray().Select(b => (long)b).ToArray() : [.. ints]),
            OnnxElementType.Int8 => new(name, type, shape, null, hasRaw ? MemoryMarshal.Cast<byte, sbyte>(raw.Span).ToArray().Select(b => (long)b).ToArray() : [.. ints]),
            _ => throw new InvalidDataException($"tensor '{name}' has element type {type.Describe()}; only float32, float64, int32, int64, uint8 and int8 are read"),
        };
        if ((decoded.Floats?.Length ?? decoded.Int64s!.Length) != count)
            throw new InvalidDataException($"tensor '{name}' has dims [{string.Join(',', dims)}] but a different number of values");
        return decoded;
    }

    /// <summary>Repeated floats, packed or one per record (TensorProto float_data, AttributeProto floats).</summary>
    internal static void AddFloats(ProtoField field, List<float> into)
    {
        if (field.WireType == WireType.Fixed32)
        {
            into.Add(field.Fixed32AsFloat);
            return;
        }

        var span = field.Payload.Span;
        for (var i = 0; i + 4 <= span.Length; i += 4)
            into.Add(BinaryPrimitives.ReadSingleLittleEndian(span[i..]));
    }

    private static void AddDoubles(ProtoField field, List<double> into)
    {
        var span = field.Payload.Span;
        for (var i = 0; i + 8 <= span.Length; i += 8)
            into.Add(BinaryPrimitives.ReadDoubleLittleEndian(span[i..]));
    }
}
