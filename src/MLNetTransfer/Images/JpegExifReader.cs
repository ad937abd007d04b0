using System.Buffers.Binary;
using SkiaSharp;

namespace MLNetTransfer.Images;

/// <summary>
/// Reads the EXIF orientation of a JPEG the way SkiaSharp 2.88's codec does, for the JPEGs libjpeg-turbo decodes
/// directly: the first APP1 "Exif" segment before the scan with a valid Orientation (tag 0x0112, one SHORT, 1..8) in
/// IFD0 or in the Exif IFD that IFD0 points to.
/// Damaged data of any kind reads as <see cref="SKEncodedOrigin.TopLeft"/>; nothing here throws or reads out of bounds.
/// </summary>
internal static class JpegExifReader
{
    private const byte StartOfImage = 0xD8;
    private const byte EndOfImage = 0xD9;
    private const byte StartOfScan = 0xDA;
    private const byte App1 = 0xE1;
    private const int IfdEntrySize = 12;
    private const ushort OrientationTag = 0x0112;
    private const ushort ShortType = 3;
    private const ushort ExifIfdTag = 0x8769;
    private const ushort LongType = 4;

    public static SKEncodedOrigin ReadOrientation(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 2 || jpeg[0] != 0xFF || jpeg[1] != StartOfImage)
            return SKEncodedOrigin.TopLeft;

        var position = 2;
        while (TryReadSegment(jpeg, ref position, out var marker, out var payload))
        {
            // The decoder reads the orientation from segments before the scan only; SOI again means a broken file.
            if (marker is StartOfScan or EndOfImage or StartOfImage)
                break;
            if (marker == App1 && TryReadExifOrientation(payload, out var origin))
                return origin;
        }
        return SKEncodedOrigin.TopLeft;
    }

    /// <summary>
    /// Finds the next marker at or after <paramref name="position"/> and the payload of its segment (empty for markers
    /// without one), then moves past the segment. False at the end of the data or on a length that does not fit.
    /// </summary>
    private static bool TryReadSegment(ReadOnlySpan<byte> jpeg, ref int position, out byte marker, out ReadOnlySpan<byte> payload)
    {
        payload = default;
        marker = 0;
        // As libjpeg does: skip stray bytes up to the next 0xFF, fill bytes (0xFF runs), and stuffed zeros (FF 00).
        while (marker == 0)
        {
            while (position < jpeg.Length && jpeg[position] != 0xFF)
                position++;
            while (position < jpeg.Length && jpeg[position] == 0xFF)
                position++;
            if (position >= jpeg.Length)
                return false;
            marker = jpeg[position++];
        }

        // RSTn, TEM and SOI stand alone; every other marker starts a segment whose length counts its own two bytes.
        if (marker is (>= 0xD0 and <= 0xD7) or 0x01 or StartOfImage or EndOfImage)
            return true;
        if (jpeg.Length - position < 2)
            return false;
        int length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[position..]);
        if (length < 2 || length > jpeg.Length - position)
            return false;
        payload = jpeg.Slice(position + 2, length - 2);
        position += length;
        return true;
    }

    /// <summary>Parses an APP1 payload: "Exif\0", one pad byte, then a TIFF header and its IFDs.</summary>
    private static bool TryReadExifOrientation(ReadOnlySpan<byte> app1, out SKEncodedOrigin origin)
    {
        origin = SKEncodedOrigin.TopLeft;
        const int tiffStart = 6;
        if (app1.Length < tiffStart || !app1.StartsWith("Exif\0"u8))
            return false;
        var tiff = app1[tiffStart..];
        if (tiff.Length < 8)
            return false;

        bool littleEndian;
        if (tiff[0] == 'I' && tiff[1] == 'I')
            littleEndian = true;
        else if (tiff[0] == 'M' && tiff[1] == 'M')
            littleEndian = false;
        else
            return false;
        // The TIFF magic number (42) that follows goes unchecked because SkiaSharp leaves it unchecked.

        // SkiaSharp looks in IFD0, then in the Exif IFD it points to, and no further.
        var ifd0 = ReadUInt32(tiff[4..], littleEndian);
        if (TryReadIfd(tiff, ifd0, littleEndian, out origin, out var exifIfd))
            return true;
        return exifIfd != 0 && TryReadIfd(tiff, exifIfd, littleEndian, out origin, out _);
    }

    /// <summary>
    /// Scans the IFD at <paramref name="offset"/> for a valid Orientation entry, and notes the offset of the Exif IFD
    /// when this one points to it (0 when not, or when the pointer leads outside the data).
    /// </summary>
    private static bool TryReadIfd(ReadOnlySpan<byte> tiff, uint offset, bool littleEndian, out SKEncodedOrigin origin, out uint exifIfd)
    {
        origin = SKEncodedOrigin.TopLeft;
        exifIfd = 0;
        // 64-bit so that an offset near 4 GB cannot wrap around into the buffer.
        if ((ulong)tiff.Length < (ulong)offset + 2)
            return false;
        var ifd = tiff[(int)offset..];
        // A count claiming more entries than the segment holds reads only the entries that are there.
        var entryCount = Math.Min(ReadUInt16(ifd, littleEndian), (ifd.Length - 2) / IfdEntrySize);
        for (var i = 0; i < entryCount; i++)
        {
            var entry = ifd.Slice(2 + i * IfdEntrySize, IfdEntrySize);
            var tag = ReadUInt16(entry, littleEndian);
            var type = ReadUInt16(entry[2..], littleEndian);
            if (ReadUInt32(entry[4..], littleEndian) != 1)
                continue;
            if (tag == OrientationTag && type == ShortType)
            {
                // A SHORT value sits in the first two bytes of the entry's four-byte value field.
                var value = ReadUInt16(entry[8..], littleEndian);
                if (value is >= 1 and <= 8)
                {
                    origin = (SKEncodedOrigin)value;
                    return true;
                }
            }
            else if (tag == ExifIfdTag && type == LongType)
            {
                var pointer = ReadUInt32(entry[8..], littleEndian);
                if (pointer > 0 && pointer < tiff.Length)
                    exifIfd = pointer;
            }
        }
        return false;
    }

    private static ushort ReadUInt16(ReadOnlySpan<byte> data, bool littleEndian) =>
        littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(data) : BinaryPrimitives.ReadUInt16BigEndian(data);

    private static uint ReadUInt32(ReadOnlySpan<byte> data, bool littleEndian) =>
        littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(data) : BinaryPrimitives.ReadUInt32BigEndian(data);
}
