using Microsoft.ML;
using MLNetTransfer.Backbones;
using MLNetTransfer.Featurization;
using MLNetTransfer.Preprocessing;

namespace MLNetTransfer.Tests;

/// <summary>
/// The key texts are pinned: a change to them moves every cached bottleneck to a new folder, which must be a decision
/// (a version bump), never a side effect of reshaping code.
/// </summary>
public class BottleneckCacheKeyTests
{
    [Fact]
    public void The_spec_text_names_every_setting_that_changes_the_features()
    {
        var spec = BackboneSpec.Parse("""
            { "input": "input", "layout": "NHWC", "elementType": "uint8", "height": 224, "width": 224,
              "channelOrder": "BGR", "scale": 0.5, "mean": [1, 2, 3], "std": [4, 5, 6], "features": "pool" }
            """);

        BottleneckCacheKey.Spec(spec).Should().Be(
            "in=input;layout=NHWC;type=UInt8;size=224x224;order=BGR;scale=0.5;mean=1,2,3;std=4,5,6;features=pool");
    }

    [Fact]
    public void The_pixel_text_names_the_resize_and_its_version()
    {
        var preprocessing = new ImagePreprocessing(new MLContext(), 224, 224);

        BottleneckCacheKey.Pixels(preprocessing).Should().Be($"pre=v2;resize=CenterCrop-Triangle;224x224;minShortSide={preprocessing.MinShortSide}");
    }
}
