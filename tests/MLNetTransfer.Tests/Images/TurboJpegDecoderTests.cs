using System.Buffers.Binary;
using MLNetTransfer.Images;
using MLNetTransfer.Tests.Support;
using SkiaSharp;

namespace MLNetTransfer.Tests.Images;

/// <summary>
/// libturbojpeg must give the very bytes SkiaSharp gives, so that a model trained where it is installed sees the same
/// pixels where it is not; and whatever it declines must reach SkiaSharp with today's result or message.
/// </summary>
public class TurboJpegDecoderTests
{
    // Full size, every k/8 scale on the way down, and a floor above the image (full size again).
    private static readonly int[] s_minShortSides = [0, 1, 17, 40, 64, 100, 150, 224, 256, 5000];

    [TurboJpegTheory]
    [InlineData(640, 480)]
    [InlineData(333, 217)]
    [InlineData(217, 333)]
    [InlineData(1, 1)]
    [InlineData(4, 4)]
    [InlineData(7, 5)]
    [InlineData(9, 1000)]
    public void Skia_encoded_jpegs_decode_to_the_same_bytes_at_every_scale(int width, int height)
    {
        var jpeg = TestImages.Pattern(width, height, seed: width * 31 + height);

        foreach (var minShortSide in s_minShortSides)
            AssertSameAsSkia(jpeg, minShortSide);
    }

    [TurboJpegTheory(needsImageMagick: true)]
    [InlineData("4:4:4")]
    [InlineData("4:2:2")]
    [InlineData("4:2:0")]
    [InlineData("4:4:0")]
    [InlineData("4:1:1")]
    [InlineData("gray")]
    [InlineData("progressive")]
    [InlineData("progressive-gray")]
    [InlineData("quality-30")]
    public void ImageMagick_variants_decode_to_the_same_bytes_at_every_scale(string variant)
    {
        using var dir = new TempDir();
        var source = dir.Combine("source.png");
        File.WriteAllBytes(source, TestImages.Pattern(501, 389, seed: 11, SKEncodedImageFormat.Png));
        var jpeg = dir.Combine("variant.jpg");
        string[] settings = variant switch
        {
            "gray" => ["-colorspace", "Gray"],
            "progressive" => ["-interlace", "Plane"],
            "progressive-gray" => ["-colorspace", "Gray", "-interlace", "Plane"],
            "quality-30" => ["-quality", "30"],
            _ => ["-sampling-factor", variant],
        };
        ImageMagick.Run([source, .. settings, jpeg]);
        var bytes = File.ReadAllBytes(jpeg);

        foreach (var minShortSide in s_minShortSides)
            AssertSameAsSkia(bytes, minShortSide);
    }

    [TurboJpegTheory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void Exif_orientation_is_applied_exactly_as_SkiaSharp_applies_it(ushort orientation)
    {
        var jpeg = TestImages.WithExifOrientation(TestImages.Pattern(320, 200, seed: 7), orientation);

        AssertSameAsSkia(jpeg, minShortSide: 0);
        AssertSameAsSkia(jpeg, minShortSide: 100);
    }

    [TurboJpegFact(needsSharedData: true)]
    public void Real_photos_decode_to_the_same_bytes()
    {
        var photos = Directory.GetFiles(Path.Combine(SharedData.Root!, "datasets", "flowers-dev"), "*.jpg", SearchOption.AllDirectories);
        photos.Should().NotBeEmpty();

        // 150 and 224 pick 4/8 to 7/8 scales for these 240- to 375-pixel-high photos; 0 decodes at full size.
        foreach (var photo in photos)
        {
            var jpeg = File.ReadAllBytes(photo);
            foreach (var minShortSide in (int[])[0, 150, 224])
                AssertSameAsSkia(jpeg, minShortSide, Path.GetFileName(photo));
        }
    }

    [TurboJpegFact]
    public void Threads_each_get_their_own_decompressor()
    {
        var jpegs = Enumerable.Range(0, 8).Select(seed => TestImages.Pattern(300, 200, seed)).ToArray();
        var expected = jpegs.Select(jpeg => SkiaImageDecoder.Decode(jpeg, new ImageDecodeOptions()).Bgra).ToArray();

        var mismatches = 0;
        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var image = TurboJpegDecoder.TryDecode(jpegs[i % jpegs.Length], new ImageDecodeOptions());
            if (image is null || !image.Bgra.AsSpan().SequenceEqual(expected[i % jpegs.Length]))
                Interlocked.Increment(ref mismatches);
        });

        mismatches.Should().Be(0);
    }

    [TurboJpegFact(needsImageMagick: true)]
    public void Cmyk_jpegs_are_left_to_SkiaSharp()
    {
        using var dir = new TempDir();
        var path = dir.Combine("cmyk.jpg");
        ImageMagick.Run("-size", "64x48", "xc:rgb(220,30,30)", "-colorspace", "CMYK", path);
        var jpeg = File.ReadAllBytes(path);

        TurboJpegDecoder.TryDecode(jpeg, new ImageDecodeOptions()).Should().BeNull();
        ImageDecoder.Decode(jpeg).Bgra.Should().Equal(SkiaImageDecoder.Decode(jpeg, new ImageDecodeOptions()).Bgra);
    }

    [TurboJpegFact]
    public void Truncated_jpegs_are_left_to_SkiaSharp_and_still_reported_as_truncated()
    {
        var jpeg = TestImages.Pattern(300, 200, seed: 3);
        var truncated = jpeg[..(jpeg.Length / 2)];

        TurboJpegDecoder.TryDecode(truncated, new ImageDecodeOptions()).Should().BeNull();
        TurboJpegHandle.ForCurrentThread(TurboJpegLibrary.Instance!)!.LastError.Should().Contain("Premature end");
        var act = () => ImageDecoder.Decode(truncated);
        act.Should().Throw<ImageDecodeException>().Which.Reason.Should().Contain("truncated");
    }

    [TurboJpegFact]
    public void Damaged_jpegs_give_what_SkiaSharp_gives()
    {
        var jpeg = TestImages.Pattern(300, 200, seed: 5);
        var random = new Random(17);
        var damaged = new List<byte[]>();
        foreach (var fraction in (double[])[0.05, 0.2, 0.5, 0.9, 0.999])
            damaged.Add(jpeg[..(int)(jpeg.Length * fraction)]);
        // Stray bytes between segments: libjpeg warns and reads on.
        var afterApp0 = 4 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(4));
        damaged.Add([.. jpeg[..afterApp0], 0x00, 0x12, 0x34, .. jpeg[afterApp0..]]);
        for (var i = 0; i < 20; i++)
        {
            var copy = (byte[])jpeg.Clone();
            for (var k = 0; k < 1 + i % 4; k++)
                copy[random.Next(2, copy.Length)] = (byte)random.Next(256);
            damaged.Add(copy);
        }

        foreach (var bytes in damaged)
        {
            var expected = Outcome(() => SkiaImageDecoder.Decode(bytes, new ImageDecodeOptions()));
            Outcome(() => ImageDecoder.Decode(bytes)).Should().Be(expected);
        }
    }

    [TurboJpegFact]
    public void A_jpeg_claiming_a_huge_size_is_refused_with_SkiaSharps_message()
    {
        var jpeg = WithSize(TestImages.Solid(16, 16, SKColors.Teal), 30_000, 20_000);
        var options = new ImageDecodeOptions { MaxPixels = 1_000_000, MinShortSide = 256 };

        var turbo = () => TurboJpegDecoder.TryDecode(jpeg, options);
        var skia = () => SkiaImageDecoder.Decode(jpeg, options);

        var expected = skia.Should().Throw<ImageDecodeException>().Which.Reason;
        turbo.Should().Throw<ImageDecodeException>().Which.Reason.Should().Be(expected).And.Contain("30000x20000");
    }

    [Fact]
    public void Decode_size_matches_SkiaSharps_scaled_dimensions()
    {
        var jpeg = TestImages.Solid(8, 8, SKColors.Gray);
        foreach (var (width, height) in new[] { (1, 1), (4, 4), (7, 5), (333, 217), (4000, 3000), (65500, 3) })
        {
            using var data = SKData.CreateCopy(WithSize(jpeg, width, height));
            using var codec = SKCodec.Create(data);
            foreach (var minShortSide in s_minShortSides)
            {
                var expected = ExpectedSkiaSize(codec, minShortSide);
                TurboJpegDecoder.ChooseDecodeSize(width, height, minShortSide).Should()
                    .Be(expected, $"{width}x{height}, floor {minShortSide}");
            }
        }
    }

    /// <summary>A copy of <paramref name="jpeg"/> whose SOF0 header claims another size.</summary>
    private static byte[] WithSize(byte[] jpeg, int width, int height)
    {
        var copy = (byte[])jpeg.Clone();
        var sof = 2;
        while (!(copy[sof] == 0xFF && copy[sof + 1] == 0xC0))
            sof++;
        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(sof + 5), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(sof + 7), (ushort)width);
        return copy;
    }

    private static (int, int) ExpectedSkiaSize(SKCodec codec, int minShortSide)
    {
        if (minShortSide > 0)
        {
            for (var eighths = 1; eighths < 8; eighths++)
            {
                var size = codec.GetScaledDimensions(eighths / 8f);
                if (Math.Min(size.Width, size.Height) >= minShortSide)
                    return (size.Width, size.Height);
            }
        }
        return (codec.Info.Width, codec.Info.Height);
    }

    private static void AssertSameAsSkia(byte[] jpeg, int minShortSide, string? name = null)
    {
        var options = new ImageDecodeOptions { MinShortSide = minShortSide };
        var because = $"{name ?? "the image"} decoded with MinShortSide {minShortSide}";

        var turbo = TurboJpegDecoder.TryDecode(jpeg, options);
        var skia = SkiaImageDecoder.Decode(jpeg, options);

        turbo.Should().NotBeNull($"libturbojpeg decodes a valid JPEG itself ({because})");
        (turbo!.Width, turbo.Height).Should().Be((skia.Width, skia.Height), because);
        var firstDifference = turbo.Bgra.AsSpan().CommonPrefixLength(skia.Bgra);
        firstDifference.Should().Be(skia.Bgra.Length, $"every byte matches SkiaSharp's ({because})");
    }

    private static string Outcome(Func<DecodedImage> decode)
    {
        try
        {
            var image = decode();
            return $"{image.Width}x{image.Height} {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(image.Bgra))}";
        }
        catch (ImageDecodeException e)
        {
            return "refused: " + e.Reason;
        }
    }
}
