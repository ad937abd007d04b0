using MLNetTransfer.Images;
using MLNetTransfer.Tests.Support;
using SkiaSharp;

namespace MLNetTransfer.Tests.Images;

public class ImageDecoderTests
{
    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Png)]
    [InlineData(SKEncodedImageFormat.Webp)]
    public void Decodes_common_formats_to_their_size_and_colour(SKEncodedImageFormat format)
    {
        var bytes = TestImages.Solid(64, 48, new SKColor(200, 30, 90), format);

        var image = ImageDecoder.Decode(bytes);

        image.Width.Should().Be(64);
        image.Height.Should().Be(48);
        var pixel = TestImages.PixelAt(image, 10, 10);
        ((int)pixel.Red).Should().BeCloseTo(200, 6);
        ((int)pixel.Green).Should().BeCloseTo(30, 6);
        ((int)pixel.Blue).Should().BeCloseTo(90, 6);
        pixel.Alpha.Should().Be(255);
    }

    [Fact]
    public void Transparent_areas_become_black_and_the_result_is_opaque()
    {
        var bytes = TestImages.Halves(40, 20, new SKColor(0, 255, 0, 255), new SKColor(255, 0, 0, 0));

        var image = ImageDecoder.Decode(bytes);

        TestImages.PixelAt(image, 5, 5).Should().Be(new SKColor(0, 255, 0, 255));
        TestImages.PixelAt(image, 35, 5).Should().Be(new SKColor(0, 0, 0, 255));
    }

    [Fact]
    public void Grayscale_images_come_out_as_rgb_with_equal_channels()
    {
        using var gray = new SKBitmap(new SKImageInfo(16, 16, SKColorType.Gray8, SKAlphaType.Opaque));
        gray.Erase(new SKColor(77, 77, 77));
        var bytes = TestImages.Encode(gray, SKEncodedImageFormat.Png, 100);

        var pixel = TestImages.PixelAt(ImageDecoder.Decode(bytes), 3, 3);

        pixel.Should().Be(new SKColor(77, 77, 77, 255));
    }

    [Theory]
    [InlineData(1, 40, 20, true)]   // upright: red on the left
    [InlineData(3, 40, 20, false)]  // rotated 180: red ends on the right
    [InlineData(6, 20, 40, true)]   // rotate 90 clockwise: red ends on top
    [InlineData(8, 20, 40, false)]  // rotate 90 counter-clockwise: red ends at the bottom
    public void Exif_orientation_is_applied(ushort orientation, int width, int height, bool redFirst)
    {
        var png = TestImages.Halves(40, 20, SKColors.Red, SKColors.Blue);
        using var bitmap = SKBitmap.Decode(png);
        var jpeg = TestImages.WithExifOrientation(TestImages.Encode(bitmap, SKEncodedImageFormat.Jpeg, 100), orientation);

        var image = ImageDecoder.Decode(jpeg);

        image.Width.Should().Be(width);
        image.Height.Should().Be(height);
        var first = width > height ? TestImages.PixelAt(image, 2, height / 2) : TestImages.PixelAt(image, width / 2, 2);
        (first.Red > first.Blue).Should().Be(redFirst, $"orientation {orientation} puts {(redFirst ? "red" : "blue")} first");
    }

    [Fact]
    public void Large_jpegs_decode_at_reduced_scale_but_never_below_the_floor()
    {
        var bytes = TestImages.Solid(2000, 1500, SKColors.Orange);

        var image = ImageDecoder.Decode(bytes, new ImageDecodeOptions { MinShortSide = 256 });

        image.Height.Should().BeGreaterThanOrEqualTo(256).And.BeLessThan(1500);
        image.Width.Should().Be(image.Height * 4 / 3);
    }

    [Fact]
    public void A_png_with_a_jpg_name_is_recognised_by_content()
    {
        var png = TestImages.Solid(8, 8, SKColors.White, SKEncodedImageFormat.Png);

        ImageDecoder.Decode(png).Width.Should().Be(8);
    }

    [Fact]
    public void Truncated_jpeg_is_reported_as_truncated()
    {
        var jpeg = TestImages.Pattern(300, 200, seed: 3);

        var act = () => ImageDecoder.Decode(jpeg[..(jpeg.Length / 2)]);

        act.Should().Throw<ImageDecodeException>().Which.Reason.Should().Contain("truncated");
    }

    [Theory]
    [InlineData("empty", "empty")]
    [InlineData("text", "text, not an image")]
    [InlineData("random", "not a recognised image")]
    public void Non_images_get_a_reason(string kind, string expected)
    {
        var bytes = kind switch
        {
            "empty" => [],
            "text" => "this is a note, saved with a .jpg name\n"u8.ToArray(),
            _ => Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251 + 3)).ToArray(),
        };

        var act = () => ImageDecoder.Decode(bytes);

        act.Should().Throw<ImageDecodeException>().Which.Reason.Should().Contain(expected);
    }

    [Fact]
    public void Images_above_the_pixel_limit_are_refused_before_decoding()
    {
        var bytes = TestImages.Solid(400, 300, SKColors.Gray, SKEncodedImageFormat.Png);

        var act = () => ImageDecoder.Decode(bytes, new ImageDecodeOptions { MaxPixels = 100_000 });

        act.Should().Throw<ImageDecodeException>().Which.Reason.Should().Contain("megapixels").And.Contain("400x300");
    }
}
