using System.Buffers.Binary;
using MLNetTransfer.Images;
using MLNetTransfer.Tests.Support;
using SkiaSharp;

namespace MLNetTransfer.Tests.Images;

/// <summary>The orientation read for libturbojpeg's decodes must be the one SkiaSharp's codec reports, damaged data included.</summary>
public class JpegExifReaderTests
{
    private static readonly byte[] s_jpeg = TestImages.Pattern(48, 32, seed: 1);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Reads_all_eight_orientations_as_SkiaSharp_does(ushort orientation)
    {
        var jpeg = TestImages.WithExifOrientation(s_jpeg, orientation);

        var origin = JpegExifReader.ReadOrientation(jpeg);

        origin.Should().Be((SKEncodedOrigin)orientation).And.Be(SkiaOrigin(jpeg));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Reads_both_byte_orders_with_the_tag_among_others(bool littleEndian)
    {
        var exif = new ExifBuilder { LittleEndian = littleEndian, Orientation = 6, EntriesBefore = 3, IfdOffset = 20 };
        var jpeg = InsertAfterSoi(s_jpeg, exif.Build());

        JpegExifReader.ReadOrientation(jpeg).Should().Be(SKEncodedOrigin.RightTop).And.Be(SkiaOrigin(jpeg));
    }

    [Fact]
    public void Finds_exif_after_other_segments()
    {
        // After the JFIF APP0 and a comment, where cameras and editors often put it.
        var comment = Segment(0xFE, "made by a test"u8.ToArray());
        var jpeg = InsertAfterApp0(s_jpeg, [.. comment, .. new ExifBuilder { Orientation = 8 }.Build()]);

        JpegExifReader.ReadOrientation(jpeg).Should().Be(SKEncodedOrigin.LeftBottom).And.Be(SkiaOrigin(jpeg));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF }, "fill bytes before the marker")]
    [InlineData(new byte[] { 0x00, 0x12, 0x34 }, "stray bytes before the marker")]
    [InlineData(new byte[] { 0xFF, 0x00, 0x55 }, "a stuffed zero before the marker")]
    [InlineData(new byte[] { 0xFF, 0xD0, 0xFF, 0x01 }, "markers without a segment before it")]
    public void Walks_markers_as_libjpeg_does(byte[] before, string layout)
    {
        var jpeg = InsertAfterApp0(s_jpeg, [.. before, .. new ExifBuilder { Orientation = 7 }.Build()]);

        JpegExifReader.ReadOrientation(jpeg).Should().Be(SkiaOrigin(jpeg), layout);
    }

    [Fact]
    public void Skips_an_exif_segment_without_orientation_for_a_later_one()
    {
        var first = new ExifBuilder { Orientation = 9 }.Build();
        var second = new ExifBuilder { Orientation = 3, LittleEndian = false }.Build();
        var jpeg = InsertAfterSoi(s_jpeg, [.. first, .. second]);

        JpegExifReader.ReadOrientation(jpeg).Should().Be(SKEncodedOrigin.BottomRight).And.Be(SkiaOrigin(jpeg));
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(9, 3)]
    [InlineData(0xFFFF, 3)]
    [InlineData(6, 4)] // LONG, not SHORT
    [InlineData(6, 1)] // BYTE
    public void Invalid_values_and_types_read_as_top_left(ushort value, ushort type)
    {
        var jpeg = InsertAfterSoi(s_jpeg, new ExifBuilder { Orientation = value, Type = type }.Build());

        JpegExifReader.ReadOrientation(jpeg).Should().Be(SKEncodedOrigin.TopLeft).And.Be(SkiaOrigin(jpeg));
    }

    [Fact]
    public void An_orientation_entry_with_a_count_other_than_one_reads_as_top_left()
    {
        var jpeg = InsertAfterSoi(s_jpeg, new ExifBuilder { Orientation = 6, Count = 2 }.Build());

        JpegExifReader.ReadOrientation(jpeg).Should().Be(SKEncodedOrigin.TopLeft).And.Be(SkiaOrigin(jpeg));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Reads_an_orientation_in_the_exif_ifd_that_ifd0_points_to(bool littleEndian)
    {
        var exif = new ExifBuilder { LittleEndian = littleEndian, Orientation = 5, EntriesBefore = 2, InExifIfd = true };
        var jpeg = InsertAfterSoi(s_jpeg, exif.Build());

        JpegExifReader.ReadOrientation(jpeg).Should().Be(SKEncodedOrigin.LeftTop).And.Be(SkiaOrigin(jpeg));
    }

    [Theory]
    [InlineData(new[] { 26, 44 }, "two pointers deep")]
    [InlineData(new[] { 8 }, "IFD0 points to itself")]
    [InlineData(new[] { 26, 8 }, "two IFDs point to each other")]
    public void Looks_no_deeper_than_the_exif_ifd_as_SkiaSharp(int[] pointers, string layout)
    {
        // A chain of IFDs holding only an Exif IFD pointer each (at 8, 26, 44, ...), then one with the orientation.
        var tiff = new List<byte>("II*\0"u8.ToArray()) { 8, 0, 0, 0 };
        foreach (var target in pointers)
            tiff.AddRange([1, 0, 0x69, 0x87, 4, 0, 1, 0, 0, 0, (byte)target, 0, 0, 0, 0, 0, 0, 0]);
        tiff.AddRange([1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0]);
        var jpeg = InsertAfterSoi(s_jpeg, Segment(0xE1, [.. "Exif\0\0"u8, .. tiff]));

        JpegExifReader.ReadOrientation(jpeg).Should().Be(SKEncodedOrigin.TopLeft, layout).And.Be(SkiaOrigin(jpeg));
    }

    [Fact]
    public void Damaged_headers_read_as_top_left_without_throwing()
    {
        var cases = new Dictionary<string, byte[]>
        {
            ["no SOI"] = s_jpeg[2..],
            ["SOI only"] = s_jpeg[..2],
            ["IFD offset past the end"] = WithExif(new ExifBuilder { Orientation = 6, DeclaredIfdOffset = 0xFFFFFFFF }),
            ["IFD offset just past the end"] = WithExif(new ExifBuilder { Orientation = 6, DeclaredIfdOffset = 25 }),
            ["entry count past the end"] =
                WithExif(new ExifBuilder { Orientation = 6, EntriesBefore = 1, CountOverride = 0xFFFF, DropLastEntry = true }),
            ["bad byte order"] = WithExif(new ExifBuilder { Orientation = 6, ByteOrder = "IM" }),
            ["not Exif"] = WithExif(new ExifBuilder { Orientation = 6, Signature = "Exit\0\0" }),
            ["short Exif payload"] = InsertAfterSoi(s_jpeg, Segment(0xE1, "Exif\0\0II*\0"u8.ToArray())),
            ["segment length past the end"] = [0xFF, 0xD8, 0xFF, 0xE1, 0xFF, 0xF0, .. "Exif\0\0II*\0\x08\0\0\0"u8],
            ["segment length below two"] = [0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x01, .. "Exif\0\0"u8],
            ["marker at the very end"] = [0xFF, 0xD8, 0xFF],
        };

        foreach (var (name, bytes) in cases)
            JpegExifReader.ReadOrientation(bytes).Should().Be(SKEncodedOrigin.TopLeft, name);
    }

    [Fact]
    public void Every_truncation_of_an_exif_jpeg_reads_without_throwing()
    {
        var jpeg = TestImages.WithExifOrientation(s_jpeg, 6);
        var exifEnd = 4 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(4));

        for (var length = 0; length <= exifEnd + 4; length++)
        {
            var expected = length >= exifEnd ? SKEncodedOrigin.RightTop : SKEncodedOrigin.TopLeft;
            JpegExifReader.ReadOrientation(jpeg.AsSpan(0, length)).Should().Be(expected, $"the first {length} bytes");
        }
    }

    [Fact]
    public void Random_damage_reads_as_SkiaSharp_reads_it()
    {
        var random = new Random(42);
        var compared = 0;
        for (var i = 0; i < 3000; i++)
        {
            var exif = new ExifBuilder
            {
                LittleEndian = random.Next(2) == 0,
                Orientation = (ushort)random.Next(1, 9),
                EntriesBefore = random.Next(3),
                InExifIfd = random.Next(3) == 0,
            }.Build();
            var jpeg = InsertAfterSoi(s_jpeg, exif);
            // Damage one to three bytes of the EXIF segment, its marker and length included.
            for (var k = random.Next(1, 4); k > 0; k--)
            {
                var at = 2 + random.Next(exif.Length);
                jpeg[at] = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)(jpeg[at] ^ (1 << random.Next(8)));
            }

            var origin = JpegExifReader.ReadOrientation(jpeg);

            using var data = SKData.CreateCopy(jpeg);
            using var codec = SKCodec.Create(data);
            if (codec is null)
                continue; // SkiaSharp rejects it, and so does libturbojpeg's header reader: no decode uses the origin.
            origin.Should().Be(codec.EncodedOrigin, $"case {i}: {Convert.ToHexString(jpeg[..(2 + exif.Length)])}");
            compared++;
        }
        compared.Should().BeGreaterThan(1000);
    }

    private static SKEncodedOrigin SkiaOrigin(byte[] jpeg)
    {
        using var data = SKData.CreateCopy(jpeg);
        using var codec = SKCodec.Create(data) ?? throw new InvalidOperationException("SkiaSharp cannot read the test JPEG.");
        return codec.EncodedOrigin;
    }

    private static byte[] WithExif(ExifBuilder exif) => InsertAfterSoi(s_jpeg, exif.Build());

    private static byte[] InsertAfterSoi(byte[] jpeg, byte[] segments) => [.. jpeg[..2], .. segments, .. jpeg[2..]];

    private static byte[] InsertAfterApp0(byte[] jpeg, byte[] segments)
    {
        jpeg[3].Should().Be(0xE0, "SkiaSharp writes a JFIF APP0 first");
        var end = 4 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(4));
        return [.. jpeg[..end], .. segments, .. jpeg[end..]];
    }

    private static byte[] Segment(byte marker, byte[] payload)
    {
        var segment = new byte[4 + payload.Length];
        segment[0] = 0xFF;
        segment[1] = marker;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return segment;
    }

    /// <summary>An APP1 EXIF segment whose IFD0 ends with an Orientation entry, with knobs to damage it.</summary>
    private sealed class ExifBuilder
    {
        public bool LittleEndian { get; init; } = true;
        public string? ByteOrder { get; init; }
        public string Signature { get; init; } = "Exif\0\0";
        public ushort Orientation { get; init; } = 1;
        public ushort Type { get; init; } = 3;
        public uint Count { get; init; } = 1;
        /// <summary>Where IFD0 sits in the TIFF data (8 or more).</summary>
        public int IfdOffset { get; init; } = 8;
        /// <summary>The IFD0 offset the header gives, when it should lie.</summary>
        public uint? DeclaredIfdOffset { get; init; }
        public int EntriesBefore { get; init; }
        public ushort? CountOverride { get; init; }
        public bool DropLastEntry { get; init; }

        /// <summary>Puts the Orientation entry in the Exif IFD, which IFD0 then points to, rather than in IFD0.</summary>
        public bool InExifIfd { get; init; }

        public byte[] Build()
        {
            var ifd0Entries = EntriesBefore + (DropLastEntry ? 0 : 1);
            var exifIfd = IfdOffset + 2 + 12 * ifd0Entries + 4;
            var tiff = new byte[exifIfd + (InExifIfd ? 2 + 12 + 4 : 0)];
            System.Text.Encoding.ASCII.GetBytes(ByteOrder ?? (LittleEndian ? "II" : "MM")).CopyTo(tiff, 0);
            Write16(tiff, 2, 42);
            Write32(tiff, 4, DeclaredIfdOffset ?? (uint)IfdOffset);
            Write16(tiff, IfdOffset, CountOverride ?? (ushort)ifd0Entries);
            for (var i = 0; i < EntriesBefore; i++)
                WriteEntry(tiff, IfdOffset + 2 + 12 * i, (ushort)(0x010F + i), 2, 4, 0); // Make, Model, ...: ASCII
            var last = IfdOffset + 2 + 12 * EntriesBefore;
            if (DropLastEntry)
                return Build(tiff);
            if (InExifIfd)
            {
                WriteEntry(tiff, last, 0x8769, 4, 1, (uint)exifIfd);
                Write16(tiff, exifIfd, 1);
                last = exifIfd + 2;
            }
            WriteEntry(tiff, last, 0x0112, Type, Count, 0);
            Write16(tiff, last + 8, Orientation);
            return Build(tiff);
        }

        private byte[] Build(byte[] tiff) => Segment(0xE1, [.. System.Text.Encoding.ASCII.GetBytes(Signature), .. tiff]);

        private void WriteEntry(byte[] tiff, int at, ushort tag, ushort type, uint count, uint value)
        {
            Write16(tiff, at, tag);
            Write16(tiff, at + 2, type);
            Write32(tiff, at + 4, count);
            Write32(tiff, at + 8, value);
        }

        private void Write16(byte[] buffer, int at, ushort value)
        {
            if (LittleEndian)
                BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(at), value);
            else
                BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(at), value);
        }

        private void Write32(byte[] buffer, int at, uint value)
        {
            if (LittleEndian)
                BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(at), value);
            else
                BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(at), value);
        }
    }
}
