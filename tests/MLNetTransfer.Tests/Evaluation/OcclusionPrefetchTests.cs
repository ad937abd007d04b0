using MLNetTransfer.Evaluation;
using MLNetTransfer.Images;
using MLNetTransfer.Tests.Support;
using SkiaSharp;

namespace MLNetTransfer.Tests.Evaluation;

public class OcclusionPrefetchTests
{
    [Fact]
    public void A_map_drawn_ahead_is_the_map_drawn_on_demand_and_is_handed_out_once()
    {
        using var dir = new TempDir("mlnt-prefetch");
        var (onnx, description) = RegionClassifier.Build();
        var image = dir.Combine("red.png");
        File.WriteAllBytes(image, TestImages.Solid(RegionClassifier.Size, RegionClassifier.Size, SKColors.Red, SKEncodedImageFormat.Png));
        using var ahead = OcclusionExplainer.For(onnx, description, OcclusionOptions.Thumbnail);
        using var onDemand = OcclusionExplainer.For(onnx, description, OcclusionOptions.Thumbnail);

        ahead.Prefetch([(image, 0), (dir.Combine("missing.png"), 0)]);
        File.Delete(image);

        // Served from what was drawn ahead: the file is gone.
        var map = ahead.ExplainFile(image, 0);
        map.Class.Should().Be(0);
        map.Drop.Should().Contain(d => d > 0);
        // Handed out once: asking again reads the file, which is gone.
        ahead.Invoking(e => e.ExplainFile(image, 0)).Should().Throw<ImageDecodeException>();
        ahead.Invoking(e => e.ExplainFile(dir.Combine("missing.png"), 0)).Should().Throw<ImageDecodeException>();

        File.WriteAllBytes(image, TestImages.Solid(RegionClassifier.Size, RegionClassifier.Size, SKColors.Red, SKEncodedImageFormat.Png));
        onDemand.ExplainFile(image, 0).Drop.Should().Equal(map.Drop);
    }

    [Fact]
    public void The_report_grid_is_three_by_three_and_covers_the_crop()
    {
        var side = 224;
        var patch = (int)Math.Round(side * OcclusionOptions.Thumbnail.PatchFraction);
        var stride = (int)Math.Round(side * OcclusionOptions.Thumbnail.StrideFraction);
        var positions = OcclusionExplainer.Positions(side, patch, stride);
        positions.Should().Equal(0, 56, 112);
        positions[^1].Should().Be(side - patch);
    }
}
