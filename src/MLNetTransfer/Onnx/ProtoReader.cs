using System.Buffers.Binary;
using System.Text;

namespace MLNetTransfer.Onnx;

/// <summary>Protobuf wire types that can appear in a message (groups are long deprecated and refused).</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    Fixed32 = 5,
}

/// <summary>
/// One field record of a protobuf message. <see cref="Raw"/> is the whole record (tag included), so a record
/// nobody changes can be copied to the output verbatim, whatever it holds.
/// </summary>
internal readonly record struct ProtoField(int Number, WireType WireType, ulong Varint, ReadOnlyMemory<byte> Payload, ReadOnlyMemory<byte> Raw)
{
    public long Int64 => unchecked((long)Varint);

    public string String => Encoding.UTF8.GetString(Payload.Span);

    public float Fixed32AsFloat => BinaryPrimitives.ReadSingleLittleEndian(Payload.Span);
}

/// <summary>
/// Walks the fields of one protobuf message without decoding payloads: nested messages stay slices of the
/// original buffer, so reading a 100 MB model copies no tensor data. Malformed input throws
/// <see cref="InvalidDataException"/>; callers add the file name.
/// </summary>
internal struct ProtoReader
{
    private readonly ReadOnlyMemory<byte> _message;
    private int _position;

    public ProtoReader(ReadOnlyMemory<byte> message)
    {
        _message = message;
        _position = 0;
    }

    /// <summary>Reads the next field; false at the end of the message.</summary>
    public bool TryRead(out ProtoField field)
    {
        var span = _message.Span;
        if (_position >= span.Length)
        {
            field = default;
            return false;
        }

        var start = _position;
        var tag = ReadVarint(span, ref _position);
        var number = (int)(tag >> 3);
        if (number <= 0 || tag >> 3 > int.MaxValue)
            throw new InvalidDataException($"bad protobuf field number {tag >> 3} at byte {start}");

        var wire = (WireType)(tag & 7);
        ulong varint = 0;
        ReadOnlyMemory<byte> payload = default;
        switch (wire)
        {
            case WireType.Varint:
                varint = ReadVarint(span, ref _position);
                break;
            case WireType.Fixed64:
                payload = Take(8, start);
                break;
            case WireType.Fixed32:
                payload = Take(4, start);
                break;
            case WireType.LengthDelimited:
                var length = ReadVarint(span, ref _position);
                if (length > int.MaxValue)
                    throw new InvalidDataException($"protobuf field {number} at byte {start} claims {length} bytes");
                payload = Take((int)length, start);
                break;
            default:
                throw new InvalidDataException($"unsupported protobuf wire type {(int)wire} for field {number} at byte {start}");
        }

        field = new ProtoField(number, wire, varint, payload, _message[start.._position]);
        return true;
    }

    /// <summary>Packed or unpacked repeated int64 (e.g. tensor dims): both encodings are legal.</summary>
    public static void AddInt64s(ProtoField field, List<long> into)
    {
        if (field.WireType == WireType.Varint)
        {
            into.Add(field.Int64);
            return;
        }

        var span = field.Payload.Span;
        var position = 0;
        while (position < span.Length)
            into.Add(unchecked((long)ReadVarint(span, ref position)));
    }

    private ReadOnlyMemory<byte> Take(int length, int recordStart)
    {
        if (length > _message.Length - _position)
            throw new InvalidDataException(
                $"protobuf record at byte {recordStart} needs {length} bytes but only {_message.Length - _position} remain (truncated?)");
        var slice = _message.Slice(_position, length);
        _position += length;
        return slice;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> span, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (position >= span.Length)
                throw new InvalidDataException($"protobuf varint runs past the end at byte {position} (truncated?)");
            var b = span[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return value;
        }

        throw new InvalidDataException($"protobuf varint longer than 10 bytes ending at byte {position}");
    }
}
