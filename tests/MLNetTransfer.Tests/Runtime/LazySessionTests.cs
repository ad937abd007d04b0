using Microsoft.ML;
using MLNetTransfer.Backbones;
using MLNetTransfer.Featurization;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Tests.Runtime;

/// <summary>A run whose bottlenecks are all cached creates no ONNX Runtime session; a miss creates it.</summary>
public class LazySessionTests
{
    [Fact]
    public void A_warm_cache_creates_no_session_and_a_miss_does()
    {
        using var dir = new TempDir("mlnt-lazy");
        var (onnx, specPath) = TinyBackbone.Write(dir.Path);
        var spec = BackboneSpec.Load(specPath);
        var options = new FeaturizerOptions { CacheDirectory = dir.Combine("cache") };
        var images = Enumerable.Range(0, 4).Select(i => ImageInput.FromBytes(i, $"image {i}", TestImages.Pattern(40, 30, seed: i))).ToArray();

        float[] cold;
        using (var first = new BottleneckFeaturizer(new MLContext(), onnx, spec, options))
        {
            first.FeatureCount.Should().Be(TinyBackbone.FeatureCount, "known from the graph, before any session");
            cold = first.Featurize(images).Features;
            first.SessionCreated.Should().BeTrue();
        }

        using (var warm = new BottleneckFeaturizer(new MLContext(), onnx, spec, options))
        {
            var result = warm.Featurize(images);
            result.FromCache.Should().Be(4);
            result.Features.Should().Equal(cold);
            warm.SessionCreated.Should().BeFalse();

            var fresh = ImageInput.FromBytes(4, "new image", TestImages.Pattern(40, 30, seed: 9));
            warm.Featurize([fresh]).Computed.Should().Be(1);
            warm.SessionCreated.Should().BeTrue();
        }
    }
}
