using MLNetTransfer.Images;
using MLNetTransfer.Preprocessing;

namespace MLNetTransfer.Tests.Preprocessing;

public class CenterCropResizerTests
{
    [Theory]
    [InlineData(500, 375, 224, 224)]
    [InlineData(313, 235, 224, 224)]
    [InlineData(100, 80, 224, 224)]   // enlarging
    [InlineData(37, 301, 96, 96)]     // tall, odd sizes
    [InlineData(224, 224, 160, 160)]
    public void A_flat_image_stays_exactly_flat(int sourceWidth, int sourceHeight, int width, int height)
    {
        var source = Flat(sourceWidth, sourceHeight, 17, 130, 251);

        var output = CenterCropResizer.Fit(source, width, height);

        output.Width.Should().Be(width);
        output.Height.Should().Be(height);
        for (var i = 0; i < width * height; i++)
            output.Bgra.AsSpan(i * 4, 4).ToArray().Should().Equal([17, 130, 251, 255], $"pixel {i}");
    }

    [Theory]
    [InlineData(500, 375, 224, 224, 1)]
    [InlineData(318, 238, 224, 224, 2)]
    [InlineData(4000 / 8, 3000 / 8, 299, 299, 3)]
    [InlineData(60, 45, 224, 224, 4)]
    [InlineData(1001, 257, 128, 128, 5)]
    [InlineData(257, 1001, 96, 160, 6)]
    public void Matches_a_floating_point_reference_within_one_level(int sourceWidth, int sourceHeight, int width, int height, int seed)
    {
        var source = Noise(sourceWidth, sourceHeight, seed);

        var output = CenterCropResizer.Fit(source, width, height);
        var reference = Reference(source, width, height);

        var worst = 0.0;
        for (var i = 0; i < reference.Length; i++)
            worst = Math.Max(worst, Math.Abs(output.Bgra[i] - reference[i]));
        // Two roundings to bytes (after each pass) and 14-bit weights: at most a little over one level.
        worst.Should().BeLessThan(1.1);
    }

    [Fact]
    public void Keeps_the_centre_of_a_wide_image_and_crops_its_sides()
    {
        // Three vertical bands: a 3:1 image scaled to cover a square keeps only the middle band.
        var source = new DecodedImage(600, 200, new byte[600 * 200 * 4]);
        for (var y = 0; y < 200; y++)
        {
            for (var x = 0; x < 600; x++)
            {
                var band = x / 200;
                source.Bgra[(y * 600 + x) * 4 + band] = 255;
                source.Bgra[(y * 600 + x) * 4 + 3] = 255;
            }
        }

        var output = CenterCropResizer.Fit(source, 64, 64);

        // The filter is about one output pixel wide, so only the outermost columns see a little of the cropped bands.
        foreach (var (x, y) in new[] { (2, 0), (61, 0), (2, 63), (61, 63), (32, 32) })
            output.Bgra.AsSpan((y * 64 + x) * 4, 4).ToArray().Should().Equal([0, 255, 0, 255], $"pixel ({x}, {y})");
        output.Bgra[1].Should().BeGreaterThan(200, "the first column is still mostly the middle band");
    }

    [Fact]
    public void An_image_already_at_the_size_is_returned_unchanged()
    {
        var source = Noise(96, 96, seed: 9);

        CenterCropResizer.Fit(source, 96, 96).Should().BeSameAs(source);
    }

    [Fact]
    public void The_span_overload_writes_the_same_bytes_as_the_image_overload()
    {
        var source = Noise(333, 250, seed: 11);
        var destination = new byte[224 * 224 * 4 + 8];

        CenterCropResizer.Fit(source.Bgra, 333, 250, destination, 224, 224);

        destination.AsSpan(0, 224 * 224 * 4).ToArray().Should().Equal(CenterCropResizer.Fit(source, 224, 224).Bgra);
        destination.AsSpan(224 * 224 * 4).ToArray().Should().OnlyContain(b => b == 0, "nothing is written past the image");
    }

    private static DecodedImage Flat(int width, int height, byte blue, byte green, byte red)
    {
        var bgra = new byte[width * height * 4];
        for (var i = 0; i < width * height; i++)
        {
            bgra[4 * i] = blue;
            bgra[4 * i + 1] = green;
            bgra[4 * i + 2] = red;
            bgra[4 * i + 3] = 255;
        }
        return new DecodedImage(width, height, bgra);
    }

    private static DecodedImage Noise(int width, int height, int seed)
    {
        var bgra = new byte[width * height * 4];
        new Random(seed).NextBytes(bgra);
        for (var i = 3; i < bgra.Length; i += 4)
            bgra[i] = 255;
        return new DecodedImage(width, height, bgra);
    }

    /// <summary>
    /// The definition, computed directly in doubles: each output pixel is the triangle-weighted mean of the source
    /// pixels around the point it maps to, the triangle as wide as the shrink factor (at least one pixel).
    /// </summary>
    private static double[] Reference(DecodedImage source, int width, int height)
    {
        var scale = Math.Max((double)width / source.Width, (double)height / source.Height);
        var radius = Math.Max(1.0, 1.0 / scale);
        (int Index, double Weight)[][] AxisWeights(int sourceLength, int outputLength)
        {
            var offset = (sourceLength - outputLength / scale) / 2;
            return Enumerable.Range(0, outputLength).Select(o =>
            {
                var centre = offset + (o + 0.5) / scale;
                var taps = Enumerable.Range(0, sourceLength)
                    .Select(k => (Index: k, Weight: Math.Max(0, 1 - Math.Abs(k + 0.5 - centre) / radius)))
                    .Where(t => t.Weight > 0).ToArray();
                var total = taps.Sum(t => t.Weight);
                return taps.Select(t => (t.Index, t.Weight / total)).ToArray();
            }).ToArray();
        }

        var rows = AxisWeights(source.Height, height);
        var columns = AxisWeights(source.Width, width);
        var result = new double[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < 4; c++)
                {
                    var sum = 0.0;
                    foreach (var (sy, wy) in rows[y])
                    {
                        foreach (var (sx, wx) in columns[x])
                            sum += wy * wx * source.Bgra[(sy * source.Width + sx) * 4 + c];
                    }
                    result[(y * width + x) * 4 + c] = sum;
                }
            }
        }
        return result;
    }
}
