using MLNetTransfer.Evaluation;
using MLNetTransfer.Tests.Support;
using SkiaSharp;

namespace MLNetTransfer.Tests.Evaluation;

public class OcclusionExplainerTests
{
    private const int Half = RegionClassifier.Size / 2;

    [Fact]
    public void The_map_lights_up_the_region_the_prediction_rests_on_and_nothing_else()
    {
        var (onnx, description) = RegionClassifier.Build();
        using var explainer = OcclusionExplainer.For(onnx, description);
        var red = TestImages.Solid(RegionClassifier.Size, RegionClassifier.Size, SKColors.Red, SKEncodedImageFormat.Png);

        var map = explainer.Explain(red);

        map.Class.Should().Be(0, "a red top-left quadrant is what class 0 scores");
        map.Probability.Should().BeGreaterThan(0.95f);
        var topLeft = Mean(map, 0, 0);
        var bottomRight = Mean(map, Half, Half);
        topLeft.Should().BeGreaterThan(0.01);
        bottomRight.Should().BeLessThan(topLeft / 10);
        // A patch over the far corner never reaches the quadrant the weights read.
        map.Drop[^1].Should().Be(0);
        map.MaxDrop.Should().BeApproximately(map.Drop.Max(), 1e-6f);
    }

    [Fact]
    public void The_crop_is_what_the_model_sees_and_the_png_holds_it_blended()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mlnt-occlusion-" + Guid.NewGuid().ToString("N"));
        try
        {
            var onnxPath = RegionClassifier.Write(folder);
            using var explainer = OcclusionExplainer.Load(onnxPath);
            // A wide image: the centre crop is its middle square, here all red; the sides are blue.
            var wide = Path.Combine(folder, "wide.png");
            File.WriteAllBytes(wide, WideRedMiddle());

            var map = explainer.ExplainFile(wide);

            map.Width.Should().Be(RegionClassifier.Size);
            map.Height.Should().Be(RegionClassifier.Size);
            // BGRA of the crop's first pixel: red, not the blue border the whole image starts with.
            map.CropBgra[2].Should().BeGreaterThan(200);
            map.CropBgra[0].Should().BeLessThan(60);
            using var png = SKBitmap.Decode(map.ToPng());
            png.Width.Should().Be(RegionClassifier.Size);
            // Where covering mattered the blend tints towards red/yellow; the untouched corner keeps the crop's colour.
            var untouched = png.GetPixel(RegionClassifier.Size - 1, RegionClassifier.Size - 1);
            untouched.Red.Should().BeGreaterThan(200);
            untouched.Green.Should().BeLessThan(40);
            var hot = png.GetPixel(Half / 2, Half / 2);
            hot.Green.Should().BeGreaterThan(untouched.Green, "the hottest region is blended towards yellow");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Patch_positions_cover_the_whole_axis()
    {
        OcclusionExplainer.Positions(96, 24, 12).Should().Equal(0, 12, 24, 36, 48, 60, 72);
        OcclusionExplainer.Positions(100, 24, 12).Should().Equal(0, 12, 24, 36, 48, 60, 72, 76);
        OcclusionExplainer.Positions(10, 24, 12).Should().Equal(0);
    }

    private static double Mean(OcclusionMap map, int x0, int y0)
    {
        double sum = 0;
        for (var y = y0; y < y0 + Half; y++)
        {
            for (var x = x0; x < x0 + Half; x++)
                sum += map.Drop[y * map.Width + x];
        }
        return sum / (Half * Half);
    }

    private static byte[] WideRedMiddle()
    {
        const int width = RegionClassifier.Size * 2, height = RegionClassifier.Size;
        using var bitmap = new SKBitmap(width, height, SKColorType.Bgra8888, SKAlphaType.Premul);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Blue);
            using var paint = new SKPaint { Color = SKColors.Red };
            canvas.DrawRect(width / 4f, 0, width / 2f, height, paint);
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
