using MLNetTransfer.Images;
using MLNetTransfer.Tests.Support;
using SkiaSharp;

namespace MLNetTransfer.Tests.Images;

/// <summary>The featurizer and the saved model decode into pooled buffers: same pixels, buffer given back once used.</summary>
public class PooledDecodeTests
{
    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg, 0)]
    [InlineData(SKEncodedImageFormat.Jpeg, 96)]
    [InlineData(SKEncodedImageFormat.Png, 0)]
    public void A_pooled_decode_gives_the_same_pixels_as_a_plain_one(SKEncodedImageFormat format, int minShortSide)
    {
        var bytes = TestImages.Pattern(333, 251, seed: 7, format);
        var options = new ImageDecodeOptions { MinShortSide = minShortSide };

        var plain = ImageDecoder.Decode(bytes, options);
        var pooled = ImageDecoder.DecodePooled(bytes, options);

        (pooled.Width, pooled.Height).Should().Be((plain.Width, plain.Height));
        pooled.Pixels.ToArray().Should().Equal(plain.Bgra);
        pooled.Bgra.Should().Equal(plain.Bgra).And.HaveCount(plain.Width * plain.Height * 4);
        pooled.ReturnToPool();
    }

    [Fact]
    public void A_pooled_image_cannot_be_read_once_given_back()
    {
        var pooled = ImageDecoder.DecodePooled(TestImages.Pattern(64, 48, seed: 2), new ImageDecodeOptions());

        pooled.ReturnToPool();

        var read = () => pooled.Pixels.Length;
        read.Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void Giving_back_a_plain_image_changes_nothing()
    {
        var plain = ImageDecoder.Decode(TestImages.Pattern(64, 48, seed: 3));
        var copy = plain.Bgra.ToArray();

        plain.ReturnToPool();

        plain.Pixels.ToArray().Should().Equal(copy);
    }

    [Fact]
    public void A_pooled_file_read_gives_the_file_bytes()
    {
        using var dir = new TempDir("mlnt-pooled-read");
        var bytes = TestImages.Pattern(400, 300, seed: 5);
        var path = dir.Combine("photo.jpg");
        File.WriteAllBytes(path, bytes);

        using var pooled = ImageFileReader.ReadPooled(path);

        pooled.Span.ToArray().Should().Equal(bytes);
    }

    [Fact]
    public void A_pooled_file_read_reports_a_missing_file_like_the_plain_one()
    {
        var act = () => ImageFileReader.ReadPooled("/nonexistent/folder/photo.jpg").Dispose();

        act.Should().Throw<ImageDecodeException>().Which.Reason.Should().Be("its folder does not exist");
        default(PooledBytes).Dispose();
    }
}
