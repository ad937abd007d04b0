using System.Collections.Concurrent;
using Microsoft.ML;
using MLNetTransfer.Featurization;
using MLNetTransfer.Preprocessing;
using MLNetTransfer.Tests.Support;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Tests;

public class ImagePipelineTests
{
    private static readonly ImagePreprocessing Preprocessing = new(new MLContext(seed: 1), 224, 224);

    [Fact]
    public void A_cached_image_is_served_before_decoding_and_a_miss_is_decoded_into_pixels()
    {
        using var dir = new TempDir("mlnt-pipeline");
        var cache = new BottleneckCache(dir.Path, "key", featureCount: 3);
        // Not an image at all: only a cache hit can settle it without a decode error.
        byte[] notAnImage = [1, 2, 3, 4];
        cache.TryWrite(ImagePipeline.Hash(notAnImage), [0.5f, 1.5f, 2.5f], out _).Should().BeTrue();
        var photo = TestImages.Pattern(320, 240, seed: 7);
        var pipeline = new ImagePipeline(Preprocessing, cache);
        var sink = new RecordingSink(pipeline.PixelCount);

        RunAll(pipeline, sink, [ImageInput.FromBytes(0, "cached", notAnImage), ImageInput.FromBytes(1, "photo", photo),
            ImageInput.FromBytes(2, "broken", [0xFF, 0xD8, 0xFF, 0x00])]);

        sink.Cached.Should().ContainKey(0).WhoseValue.Should().Equal(0.5f, 1.5f, 2.5f);
        sink.Pixels.Should().ContainKey(1);
        sink.Hashes[1].Should().Be(ContentHash.Of(photo));
        sink.Skipped.Should().ContainKey(2).WhoseValue.Should().NotBeNullOrWhiteSpace();
        sink.Cached.Should().HaveCount(1);
        sink.Pixels.Should().HaveCount(1);
    }

    [Fact]
    public void Featurizing_engines_and_prediction_get_the_same_pixels_for_an_image()
    {
        var photo = TestImages.Pattern(500, 333, seed: 3);
        var pipeline = new ImagePipeline(Preprocessing);
        var sink = new RecordingSink(pipeline.PixelCount);
        RunAll(pipeline, sink, [ImageInput.FromBytes(0, "photo", photo)]);

        var forPrediction = new float[pipeline.PixelCount];
        pipeline.ToPixels(photo, forPrediction);
        var forEngine = ImagePixelReader.Read([ImageInput.FromBytes(0, "photo", photo)], Preprocessing);

        sink.Pixels[0].Should().Equal(forPrediction);
        forEngine.Pixels.Should().Equal(forPrediction);
        forPrediction.Should().Contain(v => v > 0, "the photo is not black");
    }

    [Fact]
    public void Without_a_cache_the_pipeline_hashes_only_when_asked()
    {
        var photo = TestImages.Pattern(64, 64, seed: 5);
        var pipeline = new ImagePipeline(Preprocessing);
        var sink = new RecordingSink(pipeline.PixelCount);

        RunAll(pipeline, sink, [ImageInput.FromBytes(0, "photo", photo)], hash: false);

        sink.Hashes[0].Should().BeNull();
    }

    private static void RunAll(ImagePipeline pipeline, IImageSink sink, IEnumerable<ImageInput> images, bool hash = true)
    {
        using var queue = new ImageQueue(images, CancellationToken.None);
        Task.WaitAll(pipeline.Start(queue, sink, workers: 2, hash, CancellationToken.None), TimeSpan.FromMinutes(2)).Should().BeTrue();
    }

    private sealed class RecordingSink(int pixelCount) : IImageSink
    {
        public ConcurrentDictionary<int, float[]> Cached { get; } = new();
        public ConcurrentDictionary<int, float[]> Pixels { get; } = new();
        public ConcurrentDictionary<int, string?> Hashes { get; } = new();
        public ConcurrentDictionary<int, string> Skipped { get; } = new();

        public void FromCache(ImageInput image, string contentHash, float[] features) => Cached[image.Index] = features;

        public float[] RentPixels() => new float[pixelCount];

        void IImageSink.Pixels(ImageInput image, string? contentHash, float[] pixels)
        {
            Pixels[image.Index] = pixels;
            Hashes[image.Index] = contentHash;
        }

        void IImageSink.Skipped(ImageInput image, string reason) => Skipped[image.Index] = reason;
    }
}
