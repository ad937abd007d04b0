using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Microsoft.ML.Transforms.Image;
using MLNetTransfer.Data;
using MLNetTransfer.Featurization;
using MLNetTransfer.Images;
using MLNetTransfer.Preprocessing;
using MLNetTransfer.Tests.Support;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Tests.Preprocessing;

/// <summary>The CenterCrop path: square backbones of the common sizes resize inside the saved model's decode step.</summary>
public class CenterCropPipelineTests
{
    [Fact]
    public void Every_supported_size_has_a_factory_for_paths_and_for_bytes()
    {
        var contracts = typeof(DecodeImageMapping).Assembly.GetTypes()
            .Select(t => t.GetCustomAttribute<CustomMappingFactoryAttributeAttribute>()?.ContractName)
            .Where(name => name is not null).ToHashSet();

        CenterCropPixelsMapping.SupportedSizes.Should().Contain([224, 299]);
        foreach (var size in CenterCropPixelsMapping.SupportedSizes)
        {
            contracts.Should().Contain(CenterCropPixelsMapping.ContractName(fromPath: true, size));
            contracts.Should().Contain(CenterCropPixelsMapping.ContractName(fromPath: false, size));
            var ml = new MLContext();
            // The dispatch builds each size's mapping, whose output vector has that size.
            var rows = ml.Data.LoadFromEnumerable(new[] { new PathRow() });
            var schema = CenterCropPixelsMapping.CreateEstimator(ml, size, "ImagePath", fromPath: true).Fit(rows).GetOutputSchema(rows.Schema);
            ((VectorDataViewType)schema[ImagePreprocessing.PixelsColumn].Type).Size.Should().Be(3 * size * size);
        }
    }

    [Fact]
    public void The_generated_contracts_keep_every_shipped_size_and_stay_public_but_hidden()
    {
        // Saved models name these contracts: a size, once shipped, must still load.
        CenterCropPixelsMapping.SupportedSizes.Should().BeEquivalentTo(
            [96, 128, 160, 192, 224, 240, 256, 260, 288, 299, 300, 320, 331, 380, 384, 448, 456, 480, 512, 528, 600]);
        var factories = typeof(DecodeImageMapping).Assembly.GetTypes()
            .Where(t => t.GetCustomAttribute<CustomMappingFactoryAttributeAttribute>() is not null).ToList();
        factories.Should().HaveCount(2 * CenterCropPixelsMapping.SupportedSizes.Count + 8);
        foreach (var factory in factories)
        {
            var rows = factory.BaseType!.GetGenericArguments();
            foreach (var type in rows.Prepend(factory))
            {
                type.IsPublic.Should().BeTrue($"ML.NET builds {type.Name} by reflection");
                (type.GetCustomAttribute<System.ComponentModel.EditorBrowsableAttribute>()?.State).Should().Be(System.ComponentModel.EditorBrowsableState.Never, $"{type.Name} is machinery, not for IntelliSense");
            }
        }
    }

    [Theory]
    [InlineData(224, 224, true)]
    [InlineData(299, 299, true)]
    [InlineData(32, 32, false)]
    [InlineData(224, 192, false)]
    public void Square_inputs_of_common_sizes_crop_in_the_decoder(int height, int width, bool expected)
    {
        var preprocessing = new ImagePreprocessing(new MLContext(), height, width);

        preprocessing.CropsInDecoder.Should().Be(expected);
        BottleneckCacheKey.Pixels(preprocessing).Should().StartWith(expected ? "pre=v2;" : "pre=v1;");
    }

    [Fact]
    public void Planar_pixels_equal_the_stock_ExtractPixels()
    {
        var ml = new MLContext();
        var image = CenterCropResizer.Fit(ImageDecoder.Decode(TestImages.Pattern(150, 110, seed: 4)), 96, 96);
        image.Width.Should().Be(96);
        var rows = ml.Data.LoadFromEnumerable(new[] { new SizedRow { Image = image.ToMLImage() } });
        var stock = ml.Transforms.ExtractPixels("pixels", "image", ImagePixelExtractingEstimator.ColorBits.Rgb,
            ImagePixelExtractingEstimator.ColorsOrder.ARGB, interleavePixelColors: false, offsetImage: 0f, scaleImage: 1f,
            outputAsFloatArray: true).Fit(rows).Transform(rows).GetColumn<float[]>("pixels").Single();

        var ours = new float[3 * 96 * 96];
        PlanarPixels.FromBgra(image.Bgra, ours);

        ours.Should().Equal(stock);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(37)]   // not a multiple of any vector width: the tail loop runs
    public void Planar_pixels_put_each_channel_in_its_plane(int pixels)
    {
        var bgra = new byte[pixels * 4];
        new Random(pixels).NextBytes(bgra);
        var planes = new float[pixels * 3];

        PlanarPixels.FromBgra(bgra, planes);

        for (var i = 0; i < pixels; i++)
        {
            planes[i].Should().Be(bgra[4 * i + 2]);
            planes[pixels + i].Should().Be(bgra[4 * i + 1]);
            planes[2 * pixels + i].Should().Be(bgra[4 * i]);
        }
    }

    [Theory]
    [InlineData(false, 96)]
    [InlineData(true, 96)]
    [InlineData(false, 32)]  // no CenterCropPixels contract: decode, then the stock ResizeImages and ExtractPixels
    [InlineData(true, 32)]
    public void Training_features_equal_the_saved_model_scoring_features_with_paths_or_bytes(bool fromPaths, int size)
    {
        using var dir = new TempDir("mlnt-centercrop");
        var (backbone, _) = TinyBackbone.Write(dir.Combine("backbone"), size: size);
        var folder = TestDatasets.ColourClasses(dir.Combine("train"), perClass: 6, seed: 3);
        var ml = new MLContext(seed: 1);
        var data = ImageFolderDataset.Scan(folder).ToDataView(ml);
        IEstimator<ITransformer> prepare = ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label");
        if (!fromPaths)
            prepare = prepare.Append(ml.Transforms.LoadRawImageBytes("Image", null, "ImagePath"));
        var train = prepare.Fit(data).Transform(data);
        var options = new ImageClassificationTrainer.Options
        {
            FeatureColumnName = fromPaths ? "ImagePath" : "Image",
            LabelColumnName = "LabelKey",
            BackbonePath = backbone,
            Epoch = 5,
            ValidationSetFraction = 0,
            Featurizer = new FeaturizerOptions { UseCache = false },
        };

        var result = new ImageClassificationTrainer(ml, options).Train(train);
        var saved = dir.Combine("model.zip");
        ml.Model.Save(result.Transformer, train.Schema, saved);
        var loaded = new MLContext().Model.Load(saved, out _);

        var spec = MLNetTransfer.Backbones.BackboneSpec.Load(MLNetTransfer.Backbones.BackboneSpec.SidecarPathFor(backbone));
        using var featurizer = new BottleneckFeaturizer(ml, backbone, spec, options.Featurizer);
        featurizer.Preprocessing.CropsInDecoder.Should().Be(size == 96);
        var paths = train.GetColumn<string>("ImagePath").ToArray();
        var features = featurizer.Featurize(paths.Select((p, i) => ImageInput.FromFile(i, p))).Features;
        var scores = loaded.Transform(train).GetColumn<float[]>("Score").ToArray();
        var expected = new float[result.ClassNames.Count];
        for (var i = 0; i < paths.Length; i++)
        {
            result.Training.Head.Score(features.AsSpan(i * featurizer.FeatureCount, featurizer.FeatureCount), expected);
            scores[i].Should().Equal(expected, (a, b) => Math.Abs(a - b) <= 1e-5f, paths[i]);
        }
    }

    [Fact]
    public void A_damaged_photo_given_to_the_saved_model_names_the_file_and_the_reason()
    {
        using var dir = new TempDir("mlnt-centercrop-bad");
        var (backbone, _) = TinyBackbone.Write(dir.Combine("backbone"), size: 96);
        var folder = TestDatasets.ColourClasses(dir.Combine("train"), perClass: 4, seed: 5);
        var ml = new MLContext(seed: 1);
        var data = ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label").Fit(ImageFolderDataset.Scan(folder).ToDataView(ml))
            .Transform(ImageFolderDataset.Scan(folder).ToDataView(ml));
        var model = new ImageClassificationTrainer(ml, new ImageClassificationTrainer.Options
        {
            FeatureColumnName = "ImagePath", LabelColumnName = "LabelKey", BackbonePath = backbone, Epoch = 2,
            ValidationSetFraction = 0, Featurizer = new FeaturizerOptions { UseCache = false },
        }).Fit(data);
        var bad = dir.Combine("truncated.jpg");
        File.WriteAllBytes(bad, TestImages.Pattern(120, 90, seed: 1)[..400]);

        var engine = ml.Model.CreatePredictionEngine<PathRow, ScoreRow>(model);
        var act = () => engine.Predict(new PathRow { ImagePath = bad });

        act.Should().Throw<InvalidDataException>().WithMessage($"*'{bad}'*truncated*");
    }

    private sealed class ScoreRow
    {
        public float[] Score { get; set; } = [];
    }

    private sealed class PathRow
    {
        public string ImagePath { get; set; } = "";
    }

    private sealed class SizedRow
    {
        [ColumnName("image")]
        [ImageType(96, 96)]
        public MLImage? Image { get; set; }
    }
}
