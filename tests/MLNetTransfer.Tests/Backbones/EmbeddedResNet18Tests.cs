using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetTransfer.Backbones;
using MLNetTransfer.Onnx;
using MLNetTransfer.Tests.Onnx;
using MLNetTransfer.Tests.Support;
using MLNetTransfer.Vision;
using SkiaSharp;

namespace MLNetTransfer.Tests.Backbones;

/// <summary>
/// The embedded ResNet18 is ML.NET's own file from its NuGet package; our spec (BGR + per-pixel mean image) must
/// make it compute exactly what ML.NET's DnnFeaturizeImage(ResNet18) computes from the same pixels.
/// </summary>
public sealed class EmbeddedResNet18Tests
{
    private const int Size = 224;

    [Fact]
    public async Task Catalog_entry_is_packaged_and_resolves_offline_without_touching_the_network()
    {
        var entry = BackboneCatalog.ForArchitecture(nameof(ImageClassificationTrainer.Architecture.ResNet18));
        entry.Should().BeSameAs(BackboneCatalog.ResNet18);
        BackboneCatalog.Find("resnet18").Should().BeSameAs(entry);
        entry.IsPackaged.Should().BeTrue();

        using var cache = new TempDir();
        var downloader = new BackboneDownloader(new BackboneDownloadOptions
        {
            CacheDirectory = cache.Path,
            Offline = true,
            Handler = new RefusingHandler(),
        });
        var path = await downloader.EnsureAsync(entry);

        new FileInfo(path).Length.Should().Be(entry.SizeBytes);
        VerifiedFileHash(path).Should().Be(entry.Sha256);
        Directory.EnumerateFileSystemEntries(cache.Path).Should().BeEmpty("a packaged backbone is never copied into the download cache");
    }

    [Fact]
    public async Task Features_equal_MLNET_DnnFeaturizeImage_ResNet18_on_the_same_pixels()
    {
        using var dir = new TempDir();
        var images = new List<string>();
        for (var seed = 1; seed <= 2; seed++)
        {
            var file = dir.Combine($"pattern{seed}.png");
            File.WriteAllBytes(file, TestImages.Pattern(300, 260, seed, SKEncodedImageFormat.Png));
            images.Add(file);
        }
        if (SharedData.Available)
            images.Add(Directory.EnumerateFiles(Path.Combine(SharedData.FlowersVal, "daisy")).Order(StringComparer.Ordinal).First());

        var (pixels, stockFeatures) = StockFeatures(images);
        var entry = BackboneCatalog.ResNet18;
        var backbonePath = await new BackboneDownloader().EnsureAsync(entry);
        var extractor = BackboneGraphBuilder.BuildFeatureExtractor(File.ReadAllBytes(backbonePath), entry.Spec, backbonePath);

        for (var i = 0; i < images.Count; i++)
        {
            var ours = OrtRunner.Run(extractor, BackboneGraphBuilder.PixelsInput, pixels[i], [1, 3, Size, Size],
                BackboneGraphBuilder.FeaturesOutput)[BackboneGraphBuilder.FeaturesOutput];
            ours.Shape.Should().Equal(1, 512);
            stockFeatures[i].Should().HaveCount(512);
            stockFeatures[i].Max().Should().BeGreaterThan(0.1f, "a real photo or pattern must give non-trivial features");
            var worst = ours.Data.Zip(stockFeatures[i], (a, b) => Math.Abs(a - b)).Max();
            worst.Should().BeLessThan(1e-4f, $"features of {Path.GetFileName(images[i])} must match ML.NET's ResNet18 featurizer");
        }
    }

    [Fact]
    public async Task Without_the_mean_image_the_features_differ_so_the_comparison_above_can_fail()
    {
        using var dir = new TempDir();
        var file = dir.Combine("pattern.png");
        File.WriteAllBytes(file, TestImages.Pattern(240, 240, 7, SKEncodedImageFormat.Png));
        var (pixels, stockFeatures) = StockFeatures([file]);

        var entry = BackboneCatalog.ResNet18;
        var backbonePath = await new BackboneDownloader().EnsureAsync(entry);
        var withoutMean = entry.Spec with { MeanImage = null };
        var extractor = BackboneGraphBuilder.BuildFeatureExtractor(File.ReadAllBytes(backbonePath), withoutMean, backbonePath);
        var ours = OrtRunner.Run(extractor, BackboneGraphBuilder.PixelsInput, pixels[0], [1, 3, Size, Size],
            BackboneGraphBuilder.FeaturesOutput)[BackboneGraphBuilder.FeaturesOutput];

        ours.Data.Zip(stockFeatures[0], (a, b) => Math.Abs(a - b)).Max().Should().BeGreaterThan(1e-2f);
    }

    /// <summary>ML.NET's own pipeline: the pixels it extracts and the ResNet18 features it computes from them.</summary>
    private static (List<float[]> Pixels, List<float[]> Features) StockFeatures(IReadOnlyList<string> files)
    {
        var ml = new MLContext(seed: 1);
        var data = ml.Data.LoadFromEnumerable(files.Select(f => new ImageRow { ImagePath = f }));
        var pipeline = ml.Transforms.LoadImages("Image", imageFolder: null, inputColumnName: nameof(ImageRow.ImagePath))
            .Append(ml.Transforms.ResizeImages("Image", Size, Size))
            .Append(ml.Transforms.ExtractPixels("Pixels", "Image"))
            .Append(ml.Transforms.DnnFeaturizeImage("Features", m => m.ModelSelector.ResNet18(ml, m.OutputColumn, m.InputColumn), "Pixels"));
        var transformed = pipeline.Fit(data).Transform(data);
        var pixels = transformed.GetColumn<VBuffer<float>>("Pixels").Select(v => v.DenseValues().ToArray()).ToList();
        var features = transformed.GetColumn<VBuffer<float>>("Features").Select(v => v.DenseValues().ToArray()).ToList();
        return (pixels, features);
    }

    private static string VerifiedFileHash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }

    private sealed class ImageRow
    {
        public string ImagePath { get; set; } = "";
    }

    private sealed class RefusingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"No request may be sent for a packaged backbone (asked for {request.RequestUri}).");
    }
}
