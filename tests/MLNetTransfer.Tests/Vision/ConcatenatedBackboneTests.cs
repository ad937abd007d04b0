using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetTransfer.Backbones;
using MLNetTransfer.Data;
using MLNetTransfer.Featurization;
using MLNetTransfer.Images;
using MLNetTransfer.Onnx;
using MLNetTransfer.Preprocessing;
using MLNetTransfer.Scoring;
using MLNetTransfer.Tests.Onnx;
using MLNetTransfer.Tests.Support;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Tests.Vision;

/// <summary>
/// Two tiny backbones of different preprocessing (float NCHW with ImageNet mean/std, uint8 NHWC raw), concatenated:
/// features, cache keys, the one-graph model and its three scoring paths. Runs without ../shared.
/// </summary>
public sealed class ConcatenatedBackboneTests : IClassFixture<TinyTrainingFixture>
{
    private readonly TinyTrainingFixture _fixture;
    private readonly string _second;

    public ConcatenatedBackboneTests(TinyTrainingFixture fixture)
    {
        _fixture = fixture;
        (_second, _) = TinyBackbone.Write(fixture.Dir.Combine("second"), name: "tiny_uint8", size: 96,
            layout: TensorLayout.NHWC, elementType: InputElementType.UInt8, seed: 7);
    }

    private static ResolvedBackbone Load(string path) => ResolvedBackbone.Load(path, BackboneSpec.Load(BackboneSpec.SidecarPathFor(path)));

    private static ImageInput[] ImagesOf(string folder) => ImageFolderDataset.Scan(folder).Images
        .Select((image, i) => ImageInput.FromFile(i, image.ImagePath)).ToArray();

    private ImageInput[] TrainImages() => ImagesOf(_fixture.TrainFolder);

    [Fact]
    public void Concatenated_features_equal_each_backbone_featurized_separately_side_by_side()
    {
        var ml = new MLContext(seed: 1);
        var (a, b) = (Load(_fixture.BackbonePath), Load(_second));
        var images = TrainImages();
        var options = new FeaturizerOptions { UseCache = false };

        using var separateA = new BottleneckFeaturizer(ml, a, options);
        using var separateB = new BottleneckFeaturizer(ml, b, options);
        var featuresA = separateA.Featurize(images);
        var featuresB = separateB.Featurize(images);
        using var both = new ConcatenatedFeaturizer(ml, [a, b], options);
        var joined = both.Featurize(() => images);

        joined.FeatureCount.Should().Be(2 * TinyBackbone.FeatureCount);
        joined.Indices.Should().Equal(featuresA.Indices);
        for (var row = 0; row < joined.Count; row++)
        {
            joined.Row(row).ToArray().Should().Equal([.. featuresA.Row(row).ToArray(), .. featuresB.Row(row).ToArray()]);
            featuresA.Row(row).ToArray().Should().NotEqual(featuresB.Row(row).ToArray(), "the two backbones differ");
        }
    }

    [Fact]
    public void Concatenated_graph_computes_each_backbone_extractor_side_by_side_from_one_pixels_input()
    {
        var (a, b) = (Load(_fixture.BackbonePath), Load(_second));
        var pixels = Pixels.Random(3, 96, 96, seed: 5);
        long[] shape = [3, 3, 96, 96];
        Tensor Run(byte[] model) => OrtRunner.Run(model, BackboneGraphBuilder.PixelsInput, pixels, shape, BackboneGraphBuilder.FeaturesOutput)[BackboneGraphBuilder.FeaturesOutput];

        var alone = new[] { Run(BackboneGraphBuilder.BuildFeatureExtractorFor(a)), Run(BackboneGraphBuilder.BuildFeatureExtractorFor(b)) };
        var both = Run(ConcatenatedGraphBuilder.BuildFeatureExtractor([a, b]));

        both.Shape.Should().Equal(3, 2 * TinyBackbone.FeatureCount);
        for (var i = 0; i < 3; i++)
            both.Row(i).Should().Equal([.. alone[0].Row(i), .. alone[1].Row(i)]);
    }

    [SharedFact]
    public async Task MobileNet_at_opset_13_and_the_embedded_ResNet18_at_opset_8_share_one_graph_with_unchanged_features()
    {
        var mobileNet = Load(SharedData.MobileNetV1);
        var entry = BackboneCatalog.ResNet18;
        var resNet = ResolvedBackbone.Load(await new BackboneDownloader().EnsureAsync(entry), entry.Spec);
        resNet.Info.OpsetVersion.Should().BeLessThan(mobileNet.Info.OpsetVersion, "the case under test: two opsets in one graph");
        // ResNet18 takes exactly one image per run, which fixes the batch of the whole graph.
        var pixels = Pixels.Random(1, 224, 224, seed: 11);
        long[] shape = [1, 3, 224, 224];
        Tensor Run(byte[] model) => OrtRunner.Run(model, BackboneGraphBuilder.PixelsInput, pixels, shape, BackboneGraphBuilder.FeaturesOutput)[BackboneGraphBuilder.FeaturesOutput];

        var merged = ConcatenatedGraphBuilder.BuildFeatureExtractor([mobileNet, resNet]);
        var both = Run(merged);
        var alone = Run(BackboneGraphBuilder.BuildFeatureExtractorFor(mobileNet)).Row(0).Concat(Run(BackboneGraphBuilder.BuildFeatureExtractorFor(resNet)).Row(0));

        both.Shape.Should().Equal(1, 768 + 512);
        OnnxModelDocument.Parse(merged, "merged").Inputs.Select(i => i.Info.Name).Should().Equal([BackboneGraphBuilder.PixelsInput],
            "ResNet18's weights, declared as inputs below IR 4, must stay constants ONNX Runtime can fold in the newer graph");
        both.Row(0).Should().Equal(alone, (a, b) => Math.Abs(a - b) <= 1e-5f * Math.Max(1f, Math.Abs(b)));
    }

    [Fact]
    public void Each_backbone_keeps_its_own_cache_key_so_a_single_backbone_cache_is_reused()
    {
        var ml = new MLContext(seed: 1);
        var (a, b) = (Load(_fixture.BackbonePath), Load(_second));
        var options = new FeaturizerOptions { CacheDirectory = _fixture.Dir.Combine("concat-cache-keys") };
        var images = TrainImages();

        using (var alone = new BottleneckFeaturizer(ml, a, options))
            alone.Featurize(images).Computed.Should().Be(images.Length);
        using var both = new ConcatenatedFeaturizer(ml, [a, b], options);
        var keys = both.Parts.Select(p => Path.GetFileName(p.Cache!.Directory)).ToArray();

        keys.Should().Equal(BottleneckCacheKey.Of(a, both.Parts[0].Preprocessing), BottleneckCacheKey.Of(b, both.Parts[1].Preprocessing));
        keys[0].Should().NotBe(keys[1]);
        both.Parts[0].Featurize(images).FromCache.Should().Be(images.Length, "A's bottlenecks were cached by the single-backbone run");
        both.Parts[1].Featurize(images).Computed.Should().Be(images.Length, "B has its own, empty cache");
    }

    [Fact]
    public void Trained_model_scores_the_same_through_model_zip_exported_onnx_and_the_head_on_joined_features() =>
        TrainAndCompareScoringPaths(_second, "tiny_uint8", "concat-train");

    [Fact]
    public void A_smaller_backbone_gets_the_larger_pixels_resized_in_training_and_in_the_saved_model_alike()
    {
        var (small, _) = TinyBackbone.Write(_fixture.Dir.Combine("small"), name: "tiny64", size: 64, seed: 5);

        var model = TrainAndCompareScoringPaths(small, "tiny64", "concat-sizes");

        model.Description.Input.Height.Should().Be(96, "the one pixel tensor has the larger backbone's size");
        OnnxModelDocument.Parse(model.ClassifierOnnx, "classifier").Nodes.Should().ContainSingle(n => n.OpType == "Resize");
    }

    [Fact]
    public void A_resized_backbone_has_its_own_cache_key_apart_from_its_key_at_its_own_size()
    {
        var ml = new MLContext(seed: 1);
        var (small, _) = TinyBackbone.Write(_fixture.Dir.Combine("small-key"), name: "tiny64", size: 64, seed: 5);
        var backbone = Load(small);
        var options = new FeaturizerOptions { CacheDirectory = _fixture.Dir.Combine("resized-keys") };

        using var own = new BottleneckFeaturizer(ml, backbone, options);
        using var both = new ConcatenatedFeaturizer(ml, [Load(_fixture.BackbonePath), backbone], options);

        both.Parts[1].Preprocessing.Height.Should().Be(96);
        both.Parts[1].Cache!.Directory.Should().NotBe(own.Cache!.Directory, "the same backbone fed resized 96x96 pixels computes other features");
    }

    [Fact]
    public void Views_above_one_with_additional_backbones_is_refused_before_featurizing()
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = _fixture.Load(ml);
        var cache = _fixture.Dir.Combine("concat-views");
        var options = _fixture.Options("concat-views");
        options.AdditionalBackbones = [new ImageClassificationTrainer.AdditionalBackbone(_second)];
        options.Views = 2;

        var act = () => new ImageClassificationTrainer(ml, options).Train(train);

        act.Should().Throw<ArgumentException>().WithMessage("*Views = 2*AdditionalBackbones*");
        Directory.Exists(cache).Should().BeFalse("nothing was featurized");
    }

    [Fact]
    public void A_missing_additional_backbone_file_is_named_with_the_option_that_gave_it()
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = _fixture.Load(ml);
        var options = _fixture.Options("concat-missing");
        var missing = _fixture.Dir.Combine("nowhere.onnx");
        options.AdditionalBackbones = [new ImageClassificationTrainer.AdditionalBackbone(missing)];

        var act = () => new ImageClassificationTrainer(ml, options).Train(train);

        act.Should().Throw<FileNotFoundException>().WithMessage($"*{missing}*AdditionalBackbones[0].BackbonePath*");
    }

    /// <summary>Trains the fixture's backbone + <paramref name="second"/>; scores of model.zip, model.onnx and the head on joined features agree.</summary>
    private ImageClassificationModel TrainAndCompareScoringPaths(string second, string secondName, string cacheName)
    {
        var ml = new MLContext(seed: 1);
        var (train, validation) = _fixture.Load(ml);
        var options = _fixture.Options(cacheName);
        options.AdditionalBackbones = [new ImageClassificationTrainer.AdditionalBackbone(second)];

        var model = new ImageClassificationTrainer(ml, options).Train(train);

        model.Training.Head.FeatureCount.Should().Be(2 * TinyBackbone.FeatureCount);
        model.Description.AdditionalBackbones.Should().ContainSingle().Which.Name.Should().Be(secondName);
        var reread = ClassifierDescription.FromJson(model.Description.ToJson(), "model.json");
        reread.AdditionalBackbones![0].Sha256.Should().Be(Load(second).Hash);

        var zipScores = model.Transformer.Transform(validation).GetColumn<float[]>("Score").ToArray();
        var images = ImagesOf(_fixture.ValidationFolder);
        using var featurizer = new ConcatenatedFeaturizer(ml, [Load(_fixture.BackbonePath), Load(second)], new FeaturizerOptions { UseCache = false });
        var features = featurizer.Featurize(() => images);
        var preprocessing = new ImagePreprocessing(ml, 96, 96);
        var pixels = new float[images.Length * preprocessing.PixelCount];
        preprocessing.Extract(images.Select(i => ImageDecoder.Decode(File.ReadAllBytes(i.Path!), preprocessing.DecodeOptions)).ToArray(), pixels);
        var onnx = OrtRunner.Run(model.ClassifierOnnx, BackboneGraphBuilder.PixelsInput, pixels, [images.Length, 3, 96, 96],
            BackboneGraphBuilder.ScoreOutput)[BackboneGraphBuilder.ScoreOutput];

        zipScores.Should().HaveCount(images.Length);
        for (var i = 0; i < images.Length; i++)
        {
            var head = new float[model.ClassNames.Count];
            model.Training.Head.Score(features.Row(i), head);
            onnx.Row(i).Should().Equal(zipScores[i], (x, y) => Math.Abs(x - y) <= 1e-5f, "model.onnx and model.zip run the same graph");
            head.Should().Equal(zipScores[i], (x, y) => Math.Abs(x - y) <= 1e-4f, "the head on the joined features is what the graph computes");
        }
        return model;
    }
}
