using MLNetTransfer.Images;

namespace MLNetTransfer.Tests.Images;

public class TurboJpegLibraryTests
{
    [Theory]
    [InlineData("off")]
    [InlineData("OFF")]
    [InlineData(" Off ")]
    [InlineData("0")]
    [InlineData("false")]
    [InlineData("no")]
    public void Off_settings_try_no_library(string setting)
    {
        TurboJpegLibrary.IsOff(setting).Should().BeTrue();
        TurboJpegLibrary.CandidateNames(setting).Should().BeEmpty();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("on")]
    [InlineData("1")]
    [InlineData("true")]
    public void Unset_or_on_tries_the_usual_names_in_order(string? setting)
    {
        TurboJpegLibrary.IsOff(setting).Should().BeFalse();
        TurboJpegLibrary.CandidateNames(setting).Should().Equal(
            "libturbojpeg.so.0", "libturbojpeg.so", "libturbojpeg.0.dylib", "libturbojpeg.dylib", "turbojpeg.dll");
    }

    [Fact]
    public void A_path_is_tried_before_the_usual_names()
    {
        var names = TurboJpegLibrary.CandidateNames(" /opt/libjpeg-turbo/lib64/libturbojpeg.so ");

        names[0].Should().Be("/opt/libjpeg-turbo/lib64/libturbojpeg.so");
        names.Skip(1).Should().Equal(TurboJpegLibrary.CandidateNames(null));
    }

    [Fact]
    public void The_decoder_name_says_which_library_decodes_jpegs()
    {
        var name = ImageDecoder.JpegDecoderName;

        name.Should().Be(TurboJpegLibrary.Description);
        if (TurboJpegLibrary.IsAvailable)
            name.Should().StartWith("libjpeg-turbo via ");
        else
            name.Should().StartWith("SkiaSharp (");
    }
}
