using Microsoft.ML;
using MLNetTransfer.Backbones;
using MLNetTransfer.Featurization;
using MLNetTransfer.Images;
using MLNetTransfer.Preprocessing;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Tests.Preprocessing;

/// <summary>Training views: a change of crop and flip in the one preprocessing, each with its own cache key.</summary>
public sealed class ImageViewTests
{
    private const int Size = 96;

    /// <summary>A photo-like image that is not symmetric, so a mirror or a crop shows in the pixels.</summary>
    private static DecodedImage Photo(int width = 160, int height = 120)
    {
        var random = new Random(7);
        var bgra = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = (y * width + x) * 4;
                bgra[i] = (byte)(x * 255 / width);
                bgra[i + 1] = (byte)(y * 255 / height);
                bgra[i + 2] = (byte)random.Next(256);
                bgra[i + 3] = 255;
            }
        }
        return new DecodedImage(width, height, bgra);
    }

    private static float[] Pixels(ImagePreprocessing preprocessing, DecodedImage image, ImageView view)
    {
        var pixels = new float[preprocessing.PixelCount];
        preprocessing.ViewPixels(image, pixels, view);
        return pixels;
    }

    [Fact]
    public void The_plain_view_gives_exactly_the_saved_models_pixels()
    {
        var preprocessing = new ImagePreprocessing(new MLContext(), Size, Size);
        var image = Photo();
        var expected = new float[preprocessing.PixelCount];
        preprocessing.ToPixels(image, expected);

        Pixels(preprocessing, image, ImageView.Plain).Should().Equal(expected);
    }

    [Fact]
    public void The_mirror_view_is_the_plain_view_mirrored_left_to_right()
    {
        var preprocessing = new ImagePreprocessing(new MLContext(), Size, Size);
        var image = Photo();
        var plain = Pixels(preprocessing, image, ImageView.Plain);
        var mirrored = Pixels(preprocessing, image, new ImageView(1.0, Mirror: true));

        mirrored.Should().NotEqual(plain);
        for (var plane = 0; plane < 3; plane++)
        {
            for (var y = 0; y < Size; y++)
            {
                for (var x = 0; x < Size; x++)
                {
                    var at = plane * Size * Size + y * Size;
                    mirrored[at + x].Should().Be(plain[at + Size - 1 - x]);
                }
            }
        }
    }

    [Fact]
    public void Zoomed_crops_differ_from_the_plain_view_and_from_each_other()
    {
        var preprocessing = new ImagePreprocessing(new MLContext(), Size, Size);
        var image = Photo();
        var distinct = ImageView.All.Select(view => Pixels(preprocessing, image, view)).ToArray();

        for (var a = 0; a < distinct.Length; a++)
        {
            for (var b = a + 1; b < distinct.Length; b++)
                distinct[a].Should().NotEqual(distinct[b], $"{ImageView.All[a].Key} and {ImageView.All[b].Key} are different views");
        }
    }

    [Fact]
    public void A_zoomed_crop_of_a_flat_image_stays_flat()
    {
        var preprocessing = new ImagePreprocessing(new MLContext(), Size, Size);
        var bgra = Enumerable.Repeat(new byte[] { 10, 20, 30, 255 }, 150 * 100).SelectMany(p => p).ToArray();
        var pixels = Pixels(preprocessing, new DecodedImage(150, 100, bgra), new ImageView(1.3, Mirror: true));

        pixels.Take(Size * Size).Should().OnlyContain(v => v == 30f, "red plane");
        pixels.Skip(2 * Size * Size).Should().OnlyContain(v => v == 10f, "blue plane");
    }

    [Fact]
    public void Views_also_change_the_pixels_of_inputs_resized_by_the_stock_transforms()
    {
        // 100 has no CenterCropPixels contract: ML.NET's ResizeImages and ExtractPixels make the pixels.
        var preprocessing = new ImagePreprocessing(new MLContext(), 100, 100);
        preprocessing.CropsInDecoder.Should().BeFalse();
        var image = Photo();
        var plain = Pixels(preprocessing, image, ImageView.Plain);
        var expected = new float[preprocessing.PixelCount];
        preprocessing.Extract([image], expected);

        plain.Should().Equal(expected);
        Pixels(preprocessing, image, new ImageView(1.0, Mirror: true)).Should().NotEqual(plain);
        Pixels(preprocessing, image, new ImageView(1.3, Mirror: false)).Should().NotEqual(plain);
    }

    [Fact]
    public void The_first_K_views_start_with_the_plain_photo_and_its_mirror_image()
    {
        ImageView.First(1).Should().Equal(ImageView.Plain);
        ImageView.First(2).Should().Equal(ImageView.Plain, new ImageView(1.0, Mirror: true));
        ImageView.First(ImageView.MaxCount).Should().HaveCount(6).And.OnlyHaveUniqueItems();
        FluentActions.Invoking(() => ImageView.First(0)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => ImageView.First(ImageView.MaxCount + 1)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Each_view_has_its_own_cache_key_and_the_plain_key_is_unchanged()
    {
        using var dir = new TempDir("mlnt-view-keys");
        var (onnx, specPath) = TinyBackbone.Write(dir.Path, size: Size);
        var backbone = ResolvedBackbone.Load(onnx, BackboneSpec.Load(specPath));
        var preprocessing = new ImagePreprocessing(new MLContext(), Size, Size);

        BottleneckCacheKey.Of(backbone, preprocessing, ImageView.Plain).Should().Be(BottleneckCacheKey.Of(backbone, preprocessing),
            "caches written before views existed must stay valid");
        ImageView.All.Select(view => BottleneckCacheKey.Of(backbone, preprocessing, view)).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void The_featurizer_caches_each_view_in_its_own_folder_and_features_differ()
    {
        using var dir = new TempDir("mlnt-view-cache");
        var (onnx, specPath) = TinyBackbone.Write(dir.Combine("backbone"), size: Size);
        var photo = dir.Combine("photo.png");
        File.WriteAllBytes(photo, TestImages.Halves(160, 120, SkiaSharp.SKColors.Red, SkiaSharp.SKColors.Blue));
        using var featurizer = new BottleneckFeaturizer(new MLContext(), onnx, BackboneSpec.Load(specPath),
            new FeaturizerOptions { CacheDirectory = dir.Combine("cache") });
        var images = new[] { ImageInput.FromFile(0, photo) };

        var plain = featurizer.Featurize(images);
        var mirrored = featurizer.Featurize(images, new ImageView(1.0, Mirror: true));
        var mirroredAgain = featurizer.Featurize(images, new ImageView(1.0, Mirror: true));

        plain.Computed.Should().Be(1);
        mirrored.Computed.Should().Be(1, "the mirror view is not the plain view's cache entry");
        mirroredAgain.FromCache.Should().Be(1);
        mirroredAgain.Features.Should().Equal(mirrored.Features);
        mirrored.Features.Should().NotEqual(plain.Features);
        featurizer.CacheFor(new ImageView(1.0, Mirror: true))!.Directory.Should().NotBe(featurizer.Cache!.Directory);
    }
}
