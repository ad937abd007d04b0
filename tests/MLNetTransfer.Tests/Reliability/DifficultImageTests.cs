using System.Buffers.Binary;
using MLNetTransfer.Images;
using MLNetTransfer.Tests.Support;
using SkiaSharp;

namespace MLNetTransfer.Tests.Reliability;

/// <summary>Images from phones, scanners and the web that are valid but unusual, and files that only pretend.</summary>
public class DifficultImageTests
{
    [ImageMagickFact]
    public void Cmyk_jpeg_is_decoded_to_the_right_colours()
    {
        using var dir = new TempDir();
        var path = dir.Combine("cmyk.jpg");
        ImageMagick.Run("-size", "64x48", "xc:rgb(220,30,30)", "-colorspace", "CMYK", path);

        var pixel = TestImages.PixelAt(ImageDecoder.Decode(File.ReadAllBytes(path)), 30, 20);

        ((int)pixel.Red).Should().BeGreaterThan(180);
        ((int)pixel.Green).Should().BeLessThan(70);
        ((int)pixel.Blue).Should().BeLessThan(70);
    }

    [ImageMagickFact]
    public void Sixteen_bit_png_is_decoded()
    {
        using var dir = new TempDir();
        var path = dir.Combine("deep.png");
        ImageMagick.Run("-size", "64x48", "xc:rgb(10,200,40)", "-depth", "16", "png48:" + path);

        var image = ImageDecoder.Decode(File.ReadAllBytes(path));

        image.Width.Should().Be(64);
        TestImages.PixelAt(image, 5, 5).Should().Be(new SKColor(10, 200, 40, 255));
    }

    [ImageMagickFact]
    public void Animated_gif_gives_its_first_frame()
    {
        using var dir = new TempDir();
        var path = dir.Combine("anim.gif");
        ImageMagick.Run("-delay", "10", "-size", "32x32", "xc:red", "xc:blue", "-loop", "0", path);

        TestImages.PixelAt(ImageDecoder.Decode(File.ReadAllBytes(path)), 16, 16).Should().Be(new SKColor(255, 0, 0, 255));
    }

    [Fact]
    public void A_one_pixel_image_is_decoded()
    {
        var image = ImageDecoder.Decode(TestImages.Solid(1, 1, SKColors.Magenta, SKEncodedImageFormat.Png));

        (image.Width, image.Height).Should().Be((1, 1));
    }

    [Fact]
    public void A_decompression_bomb_is_refused_before_any_pixel_is_decoded()
    {
        // A 10x10 PNG whose header claims 100000 x 100000 pixels (10 gigapixels), with a valid header checksum.
        var png = TestImages.Solid(10, 10, SKColors.Gray, SKEncodedImageFormat.Png);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), 100_000);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), 100_000);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32(png.AsSpan(12, 17)));
        var before = GC.GetAllocatedBytesForCurrentThread();

        var act = () => ImageDecoder.Decode(png);

        act.Should().Throw<ImageDecodeException>().Which.Reason.Should().Contain("100000x100000").And.Contain("limit");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(10_000_000, "nothing of the claimed size was allocated");
    }

    [Fact]
    public void A_large_jpeg_decodes_at_reduced_scale_instead_of_full_size()
    {
        // 4000 x 3000 (12 megapixels): with a 256-pixel floor, libjpeg's 1/8 DCT scale gives 500 x 375.
        var jpeg = TestImages.Pattern(4000, 3000, seed: 7);

        var image = ImageDecoder.Decode(jpeg, new ImageDecodeOptions { MinShortSide = 256 });

        (image.Width, image.Height).Should().Be((500, 375));
    }

    [Fact]
    public void A_jpeg_header_claiming_20000_squared_in_a_few_hundred_bytes_is_refused_before_decoding()
    {
        // The header of a small JPEG patched to say 20000 x 20000: its bytes end long before such an image could,
        // so decoding would only give the decoder's fill colour, which a model would classify with confidence.
        var jpeg = TestImages.Solid(16, 16, SKColors.Teal);
        var sof = FindMarker(jpeg, 0xC0);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), 20_000);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), 20_000);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var act = () => ImageDecoder.Decode(jpeg, new ImageDecodeOptions { MinShortSide = 256 });

        act.Should().Throw<ImageDecodeException>().Which.Reason.Should().Contain("20000x20000").And.Contain($"{jpeg.Length} bytes");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(10_000_000, "no pixel buffer was allocated");
    }

    [Fact]
    public void A_png_header_claiming_81_megapixels_in_a_tiny_file_is_refused_before_any_allocation()
    {
        // Under the 100-megapixel limit, so only the bytes-per-pixel check stands between it and a 324 MB buffer.
        var png = SpecialFiles.LyingPng();
        var before = GC.GetAllocatedBytesForCurrentThread();

        var act = () => ImageDecoder.Decode(png);

        act.Should().Throw<ImageDecodeException>().Which.Reason.Should().Contain("9000x9000").And.Contain("more than its");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(10_000_000, "no pixel buffer was allocated");
    }

    [Fact]
    public void A_truncated_png_is_reported()
    {
        var png = TestImages.Pattern(200, 150, seed: 5, SKEncodedImageFormat.Png);

        var act = () => ImageDecoder.Decode(png[..(png.Length / 2)]);

        act.Should().Throw<ImageDecodeException>().Which.Reason.Should().MatchRegex("truncated|damaged");
    }

    private static int FindMarker(byte[] jpeg, byte marker)
    {
        for (var i = 2; i < jpeg.Length - 1; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] == marker)
                return i;
        }
        throw new InvalidOperationException($"No 0xFF{marker:X2} marker.");
    }

    internal static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
