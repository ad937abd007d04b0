using MLNetTransfer.Data;
using MLNetTransfer.Images;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Tests.Images;

public class UnsupportedFormatTests
{
    [Theory]
    [InlineData("IMG_0001.HEIC", "HEIC/HEIF", "JPEG")]
    [InlineData("photo.avif", "AVIF", "JPEG or PNG")]
    [InlineData("scan.tiff", "TIFF", "PNG")]
    [InlineData("logo.svg", "SVG", "PNG")]
    [InlineData("DSC_1234.NEF", "RAW", "JPEG")]
    [InlineData("_MG_1.CR2", "RAW", "JPEG")]
    [InlineData("a.arw", "RAW", "JPEG")]
    [InlineData("b.dng", "RAW", "JPEG")]
    public void Unsupported_formats_are_named_with_what_to_convert_them_to(string file, string format, string target)
    {
        using var dir = new TempDir("mlnt-formats");
        var classFolder = dir.Combine("data", "photos");
        Directory.CreateDirectory(classFolder);
        File.WriteAllBytes(Path.Combine(classFolder, file), [1, 2, 3]);
        File.WriteAllBytes(Path.Combine(classFolder, "ok.png"), TestImages.Solid(4, 4, SkiaSharp.SKColors.Red, SkiaSharp.SKEncodedImageFormat.Png));

        var dataset = ImageFolderDataset.Scan(dir.Combine("data"));

        var reason = dataset.Ignored.Should().ContainSingle(s => s.Name.EndsWith(file)).Which.Reason;
        reason.Should().Contain(format).And.Contain("convert").And.Contain(target).And.NotContain("not an image file extension");
    }

    [Fact]
    public void A_heic_or_tiff_saved_with_a_jpg_name_is_recognised_by_content()
    {
        byte[] heic = [0, 0, 0, 0x18, .. "ftypheic"u8, 0, 0, 0, 0, .. "mif1heic"u8];
        byte[] tiff = [.. "II*\0"u8, 8, 0, 0, 0, 0, 0];

        var heicReason = () => ImageDecoder.Decode(heic);
        var tiffReason = () => ImageDecoder.Decode(tiff);

        heicReason.Should().Throw<ImageDecodeException>().Which.Reason.Should().Contain("HEIC/HEIF").And.Contain("convert");
        tiffReason.Should().Throw<ImageDecodeException>().Which.Reason.Should().Contain("TIFF").And.Contain("RAW");
    }
}
