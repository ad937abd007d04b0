using MLNetTransfer.Images;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Tests.Reliability;

/// <summary>
/// Real photos cut short, with and without an end-of-image marker added after the cut (as repair tools write): each is
/// refused with a reason by both JPEG decoders, at full and at reduced scale, and never decoded as grey fill.
/// </summary>
public class TruncatedJpegTests
{
    private static readonly double[] s_cutFractions = [0.25, 0.5, 0.75];

    public static TheoryData<string, int> Cases()
    {
        var cases = new TheoryData<string, int>();
        foreach (var decoder in new[] { "default", "SkiaSharp" })
        {
            foreach (var minShortSide in new[] { 0, 224 })
                cases.Add(decoder, minShortSide);
        }
        return cases;
    }

    [SharedTheory]
    [MemberData(nameof(Cases))]
    public void A_photo_cut_short_is_refused_with_or_without_an_end_marker(string decoder, int minShortSide)
    {
        var options = new ImageDecodeOptions { MinShortSide = minShortSide };
        Func<byte[], DecodedImage> decode = decoder == "SkiaSharp"
            ? bytes => SkiaImageDecoder.Decode(bytes, options)
            : bytes => ImageDecoder.Decode(bytes, options);

        foreach (var photo in Photos())
        {
            var whole = File.ReadAllBytes(photo);
            decode(whole).Width.Should().BeGreaterThan(0, "the intact photo {0} decodes", photo);
            foreach (var fraction in s_cutFractions)
            {
                var cut = whole[..(int)(whole.Length * fraction)];
                byte[] closed = [.. cut, 0xFF, 0xD9];
                foreach (var (shape, bytes) in new[] { ("cut", cut), ("cut + end marker", closed) })
                {
                    var act = () => decode(bytes);
                    act.Should().Throw<ImageDecodeException>($"{Path.GetFileName(photo)} {shape} at {fraction:P0} ({decoder})")
                        .Which.Reason.Should().Contain("truncated");
                }
            }
        }
    }

    [TurboJpegFact(needsSharedData: true)]
    public void Libjpeg_turbo_itself_refuses_a_photo_closed_with_an_end_marker_after_the_cut()
    {
        var whole = File.ReadAllBytes(Photos().First());
        byte[] closed = [.. whole[..(whole.Length / 2)], 0xFF, 0xD9];

        var act = () => TurboJpegDecoder.TryDecode(closed, new ImageDecodeOptions { MinShortSide = 224 });

        act.Should().Throw<ImageDecodeException>().Which.Reason.Should().Be(SkiaImageDecoder.EndsEarlyReason);
    }

    [Theory]
    [InlineData("Corrupt JPEG data: premature end of data segment", true)]
    [InlineData("Premature end of JPEG file", false)]
    [InlineData("Corrupt JPEG data: 12 extraneous bytes before marker 0xd9", false)]
    [InlineData("Unsupported color conversion request", false)]
    public void Only_data_ending_before_a_marker_is_refused_by_libjpeg_turbo_itself(string libjpegWarning, bool refused)
    {
        // A file cut without a marker is left to SkiaSharp, which reports it as truncated (the theory above).
        TurboJpegDecoder.EndsEarly(libjpegWarning).Should().Be(refused);
    }

    private static IEnumerable<string> Photos() =>
        new[] { "daisy", "roses", "tulips" }.Select(c => Directory.GetFiles(Path.Combine(SharedData.FlowersTrain, c), "*.jpg").Order().First());
}
