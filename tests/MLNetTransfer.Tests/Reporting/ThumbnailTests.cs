using MLNetTransfer.Reporting;
using MLNetTransfer.Tests.Support;
using SkiaSharp;

namespace MLNetTransfer.Tests.Reporting;

public class ThumbnailTests
{
    [Theory]
    [InlineData(300, 200, SKEncodedImageFormat.Jpeg, 128, 85)]
    [InlineData(90, 150, SKEncodedImageFormat.Png, 77, 128)]
    [InlineData(40, 30, SKEncodedImageFormat.Png, 40, 30)]
    public void Shrinks_to_the_long_side_and_embeds_a_jpeg(int width, int height, SKEncodedImageFormat format, int expectedWidth, int expectedHeight)
    {
        using var temp = new TempDir();
        var path = temp.Combine("image");
        File.WriteAllBytes(path, TestImages.Solid(width, height, new SKColor(200, 30, 40), format));

        var thumbnail = Thumbnail.FromFile(path);

        thumbnail.Failure.Should().BeNull();
        thumbnail.DataUri.Should().StartWith("data:image/jpeg;base64,");
        var jpeg = Convert.FromBase64String(thumbnail.DataUri!["data:image/jpeg;base64,".Length..]);
        using var codec = SKCodec.Create(new MemoryStream(jpeg));
        codec.EncodedFormat.Should().Be(SKEncodedImageFormat.Jpeg);
        codec.Info.Width.Should().Be(expectedWidth);
        codec.Info.Height.Should().Be(expectedHeight);
        using var decoded = SKBitmap.Decode(jpeg);
        var centre = decoded.GetPixel(decoded.Width / 2, decoded.Height / 2);
        centre.Red.Should().BeInRange(185, 215);
        centre.Green.Should().BeLessThan(60);
    }

    [Fact]
    public void A_missing_file_gives_a_reason_instead_of_an_exception()
    {
        using var temp = new TempDir();

        var thumbnail = Thumbnail.FromFile(temp.Combine("nope.jpg"));

        thumbnail.DataUri.Should().BeNull();
        thumbnail.Failure.Should().Be("the file does not exist");
    }

    [Fact]
    public void A_file_that_is_not_an_image_gives_a_reason()
    {
        using var temp = new TempDir();
        var path = temp.Combine("notes.jpg");
        File.WriteAllText(path, "just some text");

        Thumbnail.FromFile(path).Failure.Should().Be("the file holds text, not an image");
    }

    [Fact]
    public void The_report_embeds_readable_mistakes_and_shows_a_placeholder_for_the_missing_one()
    {
        using var temp = new TempDir();
        var html = HtmlReport.Render(ReportSamples.Build(temp.Path));

        ReportMarkup.Count(html, "<img class=\"thumb\" src=\"data:image/jpeg;base64,").Should().Be(ReportSamples.ReadableMistakes);
        html.Should().Contain("<div class=\"thumb-missing\">image unavailable: the file does not exist</div>");
        ReportMarkup.Count(html, "<figure class=\"mistake\"").Should().Be(ReportSamples.MistakeCount);
        html.Should().Contain("predicted <b>&lt;script&gt;alert(1)&lt;/script&gt;</b> (90.0%)")
            .And.Contain("true <b>daisy</b>").And.Contain("<span class=\"file\">wrong one.jpg</span>");
    }
}
