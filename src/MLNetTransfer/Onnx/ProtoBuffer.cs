using System.Buffers.Binary;
using System.Text;

namespace MLNetTransfer.Onnx;

/// <summary>
/// An append-only protobuf message under construction, kept as a list of segments: small writes go to a scratch
/// chunk, large verbatim records (initializers) are referenced, not copied, until <see cref="ToArray"/> makes the
/// single final copy. A nested message is written as a child buffer whose length is known up front.
/// </summary>
internal sealed class ProtoBuffer
{
    // Below this size a raw record is copied into scratch; above, it is referenced.
    private const int ReferenceThreshold = 512;

    private readonly List<ReadOnlyMemory<byte>> _segments = [];
    private byte[] _chunk = new byte[256];
    private int _chunkStart;
    private int _position;

    public long Length { get; private set; }

    public void WriteTag(int fieldNumber, WireType wireType) => WriteVarint(((ulong)(uint)fieldNumber << 3) | (uint)wireType);

    public void WriteVarint(ulong value)
    {
        Span<byte> bytes = stackalloc byte[10];
        var count = 0;
        while (value >= 0x80)
        {
            bytes[count++] = (byte)(value | 0x80);
            value >>= 7;
        }

        bytes[count++] = (byte)value;
        WriteBytes(bytes[..count]);
    }

    public void WriteInt64(int fieldNumber, long value)
    {
        WriteTag(fieldNumber, WireType.Varint);
        WriteVarint(unchecked((ulong)value));
    }

    public void WriteFloat(int fieldNumber, float value)
    {
        WriteTag(fieldNumber, WireType.Fixed32);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        WriteBytes(bytes);
    }

    public void WriteString(int fieldNumber, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        WriteLengthDelimited(fieldNumber, bytes);
    }

    public void WriteLengthDelimited(int fieldNumber, ReadOnlySpan<byte> payload)
    {
        WriteTag(fieldNumber, WireType.LengthDelimited);
        WriteVarint((ulong)payload.Length);
        WriteBytes(payload);
    }

    public void WritePackedInt64s(int fieldNumber, IEnumerable<long> values)
    {
        var packed = new ProtoBuffer();
        foreach (var value in values)
            packed.WriteVarint(unchecked((ulong)value));
        WriteMessage(fieldNumber, packed);
    }

    /// <summary>Writes <paramref name="child"/> as a nested message (or packed payload) of this one.</summary>
    public void WriteMessage(int fieldNumber, ProtoBuffer child)
    {
        WriteTag(fieldNumber, WireType.LengthDelimited);
        WriteVarint((ulong)child.Length);
        child.Seal();
        foreach (var segment in child._segments)
            Append(segment);
    }

    /// <summary>Appends a whole record (tag included) exactly as it was read.</summary>
    public void WriteRaw(ReadOnlyMemory<byte> record) => Append(record);

    public byte[] ToArray()
    {
        if (Length > Array.MaxLength)
            throw new InvalidDataException($"the model would be {Length} bytes, more than one protobuf file can hold");
        Seal();
        var result = new byte[Length];
        var offset = 0;
        foreach (var segment in _segments)
        {
            segment.Span.CopyTo(result.AsSpan(offset));
            offset += segment.Length;
        }

        return result;
    }

    private void Append(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.Length < ReferenceThreshold)
        {
            WriteBytes(bytes.Span);
            return;
        }

        Seal();
        _segments.Add(bytes);
        Length += bytes.Length;
    }

    private void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        if (_chunk.Length - _position < bytes.Length)
        {
            Seal();
            _chunk = new byte[Math.Max(bytes.Length, Math.Min(_chunk.Length * 2, 1 << 20))];
            _chunkStart = _position = 0;
        }

        bytes.CopyTo(_chunk.AsSpan(_position));
        _position += bytes.Length;
        Length += bytes.Length;
    }

    // Moves the pending scratch bytes into the segment list so later segments keep their order.
    private void Seal()
    {
        if (_position == _chunkStart)
            return;
        _segments.Add(_chunk.AsMemory(_chunkStart, _position - _chunkStart));
        _chunkStart = _position;
    }
}
