using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Image;
using MLNetTransfer.Data;
using MLNetTransfer.Featurization;
using MLNetTransfer.Tests.Support;
using MLNetTransfer.Vision;
using Xunit.Abstractions;

namespace MLNetTransfer.Tests.Vision;

/// <summary>Real photos and real pretrained backbones from ../shared, end to end.</summary>
public sealed class FlowersEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _dir = new("mlnt-flowers");

    public static TheoryData<string> SharedBackbones => new()
    {
        "mobilenet_v1_0.75_224_keras_imagenet.onnx",
        "mobilenetv2-12-int8.onnx",
        "mobilenet_v2_1.0_224_int8_per_tensor.onnx",
    };

    [SharedTheory]
    [MemberData(nameof(SharedBackbones))]
    public void Each_shared_backbone_trains_saves_and_reloads_with_identical_scores(string backboneFile)
    {
        var ml = new MLContext(seed: 1);
        var (train, validation) = Load(ml, trainPerClass: 24, validationPerClass: 8);
        var options = Options(Path.Combine(SharedData.ModelsDir, backboneFile));
        options.Epoch = 40;

        var model = new ImageClassificationTrainer(ml, options).Train(train);
        var scored = model.Transformer.Transform(validation);
        var accuracy = ml.MulticlassClassification.Evaluate(scored, labelColumnName: "LabelKey").MicroAccuracy;
        output.WriteLine($"{backboneFile}: validation micro-accuracy {accuracy:0.000} on 40 images after training on 120");

        accuracy.Should().BeGreaterThan(0.6, "five balanced classes: chance is 0.2");
        var path = Path.Combine(_dir.Path, backboneFile + ".zip");
        ml.Model.Save(model.Transformer, train.Schema, path);
        var loaded = new MLContext().Model.Load(path, out _);
        var expected = scored.GetColumn<float[]>("Score").ToArray();
        var actual = loaded.Transform(validation).GetColumn<float[]>("Score").ToArray();
        for (var i = 0; i < expected.Length; i++)
            actual[i].Should().Equal(expected[i], (a, b) => Math.Abs(a - b) <= 1e-5f);
    }

    [SharedFact]
    public void MobileNet_head_is_at_least_as_accurate_as_the_stock_mlnet_pipeline_on_the_same_split()
    {
        var ml = new MLContext(seed: 1);
        var (train, validation) = Load(ml, trainPerClass: int.MaxValue, validationPerClass: int.MaxValue);
        var backbone = SharedData.MobileNetV1;

        var ourAccuracy = Accuracy(ml, new ImageClassificationTrainer(ml, Options(backbone)), train, validation);

        var stockAccuracy = Accuracy(ml, StockPixels(ml, "input")
            .Append(ml.Transforms.ApplyOnnxModel(["features"], ["input"], backbone))
            .Append(ml.Transforms.CopyColumns("Features", "features"))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy("LabelKey", "Features")), train, validation);
        output.WriteLine($"flowers-dev/val micro-accuracy: MLNetTransfer {ourAccuracy:0.000}, stock ML.NET LbfgsMaximumEntropy {stockAccuracy:0.000}");

        ourAccuracy.Should().BeGreaterThan(0.8);
        ourAccuracy.Should().BeGreaterThanOrEqualTo(stockAccuracy - 0.02);
    }

    [SharedFact]
    public void Embedded_ResNet18_is_at_least_as_accurate_as_mlnet_DnnFeaturizeImage_ResNet18_with_LbfgsMaximumEntropy()
    {
        var ml = new MLContext(seed: 1);
        var (train, validation) = Load(ml, trainPerClass: int.MaxValue, validationPerClass: int.MaxValue);

        var options = Options(backbone: null);
        options.Arch = ImageClassificationTrainer.Architecture.ResNet18;
        var ourAccuracy = Accuracy(ml, new ImageClassificationTrainer(ml, options), train, validation);

        var stockAccuracy = Accuracy(ml, StockPixels(ml, "Pixels")
            .Append(ml.Transforms.DnnFeaturizeImage("Features", m => m.ModelSelector.ResNet18(ml, m.OutputColumn, m.InputColumn), "Pixels"))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy("LabelKey", "Features")), train, validation);
        output.WriteLine($"flowers-dev/val micro-accuracy with ResNet18: MLNetTransfer {ourAccuracy:0.000}, stock ML.NET {stockAccuracy:0.000}");

        ourAccuracy.Should().BeGreaterThan(0.75);
        ourAccuracy.Should().BeGreaterThanOrEqualTo(stockAccuracy - 0.01);
    }

    /// <summary>ML.NET's documented image steps: load, resize 224 (IsoCrop), extract RGB planar pixels 0..255.</summary>
    private static IEstimator<ITransformer> StockPixels(MLContext ml, string pixelsColumn) =>
        ml.Transforms.LoadImages("StockImage", null, "ImagePath")
            .Append(ml.Transforms.ResizeImages("StockImage", 224, 224, "StockImage", ImageResizingEstimator.ResizingKind.IsoCrop))
            .Append(ml.Transforms.ExtractPixels(pixelsColumn, "StockImage"));

    private static double Accuracy(MLContext ml, IEstimator<ITransformer> estimator, IDataView train, IDataView validation) =>
        ml.MulticlassClassification.Evaluate(estimator.Fit(train).Transform(validation), labelColumnName: "LabelKey").MicroAccuracy;

    private ImageClassificationTrainer.Options Options(string? backbone) => new()
    {
        FeatureColumnName = "Image",
        LabelColumnName = "LabelKey",
        BackbonePath = backbone,
        Featurizer = new FeaturizerOptions { CacheDirectory = Path.Combine(_dir.Path, "cache") },
    };

    private static (IDataView Train, IDataView Validation) Load(MLContext ml, int trainPerClass, int validationPerClass)
    {
        IDataView Subset(string folder, int perClass) => ml.Data.LoadFromEnumerable(
            ImageFolderDataset.Scan(folder).Images.GroupBy(i => i.Label).SelectMany(g => g.Take(perClass)).ToList());

        var train = Subset(SharedData.FlowersTrain, trainPerClass);
        var validation = Subset(SharedData.FlowersVal, validationPerClass);
        var prepare = ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label")
            .Append(ml.Transforms.LoadRawImageBytes("Image", null, "ImagePath"))
            .Fit(train);
        return (prepare.Transform(train), prepare.Transform(validation));
    }

    public void Dispose() => _dir.Dispose();
}
