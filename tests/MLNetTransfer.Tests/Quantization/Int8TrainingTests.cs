using Microsoft.ML;
using MLNetTransfer.Backbones;
using MLNetTransfer.Data;
using MLNetTransfer.Featurization;
using MLNetTransfer.Onnx;
using MLNetTransfer.Tests.Support;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Tests.Quantization;

/// <summary>Options.Precision = Int8 end to end: the model carries the int8 backbone and reports int8 against float32.</summary>
public sealed class Int8TrainingTests
{
    [Fact]
    public void Int8_training_carries_the_quantized_backbone_and_compares_it_with_float32()
    {
        using var folder = new TempDir();
        var backbonePath = folder.Combine("toy.onnx");
        File.WriteAllBytes(backbonePath, QuantizationToy.Write());
        QuantizationToy.Spec.Save(BackboneSpec.SidecarPathFor(backbonePath));
        var ml = new MLContext(seed: 1);
        var train = ImageFolderDataset.Scan(TestDatasets.ColourClasses(folder.Combine("train"), perClass: 8, seed: 1)).ToDataView(ml);
        var validation = ImageFolderDataset.Scan(TestDatasets.ColourClasses(folder.Combine("val"), perClass: 4, seed: 2)).ToDataView(ml);
        var toKey = ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label").Fit(train);
        (train, validation) = (toKey.Transform(train), toKey.Transform(validation));
        ImageClassificationTrainer.Options Options() => new()
        {
            FeatureColumnName = "ImagePath",
            LabelColumnName = "LabelKey",
            BackbonePath = backbonePath,
            Precision = BackbonePrecision.Int8,
            Epoch = 20,
            Download = new BackboneDownloadOptions { CacheDirectory = folder.Combine("models") },
            Featurizer = new FeaturizerOptions { CacheDirectory = folder.Combine("bottlenecks") },
        };

        var model = new ImageClassificationTrainer(ml, Options()).Train(train, validation);
        var again = new ImageClassificationTrainer(ml, Options()).Train(train, validation);

        var report = model.Precision!;
        report.Precision.Should().Be(BackbonePrecision.Int8);
        report.Note.Should().Contain("calibrated on");
        report.BackbonePath.Should().StartWith(folder.Combine("models", "int8"));
        report.Float32BackbonePath.Should().Be(backbonePath);
        report.ComparedImages.Should().Be(model.Validation!.Count);
        report.Int8Accuracy.Should().BeApproximately(model.Validation.MicroAccuracy, 1e-9, "the int8 head on int8 features is what the model computes");
        report.Float32Accuracy.Should().NotBeNull();
        model.BackboneSpec.Name.Should().Be("toy-int8");
        OnnxModelDocument.Parse(model.ClassifierOnnx, "classifier").Nodes.Should().Contain(n => n.OpType == "QuantizeLinear",
            "model.onnx and model.zip carry the int8 backbone");
        again.Precision!.Note.Should().Contain("from the cache");
        again.Precision.BackbonePath.Should().Be(report.BackbonePath);
    }

    [Fact]
    public void Int8_with_concatenated_backbones_quantizes_each_and_compares_the_joined_features()
    {
        using var folder = new TempDir();
        var backbonePath = folder.Combine("toy.onnx");
        File.WriteAllBytes(backbonePath, QuantizationToy.Write());
        QuantizationToy.Spec.Save(BackboneSpec.SidecarPathFor(backbonePath));
        // A second toy of other weights and name: a backbone of its own, quantized on its own.
        var tinyPath = folder.Combine("toy2.onnx");
        File.WriteAllBytes(tinyPath, QuantizationToy.Write(seed: 8));
        (QuantizationToy.Spec with { Name = "toy2" }).Save(BackboneSpec.SidecarPathFor(tinyPath));
        var ml = new MLContext(seed: 1);
        var train = ImageFolderDataset.Scan(TestDatasets.ColourClasses(folder.Combine("train"), perClass: 8, seed: 1)).ToDataView(ml);
        var validation = ImageFolderDataset.Scan(TestDatasets.ColourClasses(folder.Combine("val"), perClass: 4, seed: 2)).ToDataView(ml);
        var toKey = ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label").Fit(train);
        (train, validation) = (toKey.Transform(train), toKey.Transform(validation));
        var options = new ImageClassificationTrainer.Options
        {
            FeatureColumnName = "ImagePath",
            LabelColumnName = "LabelKey",
            BackbonePath = backbonePath,
            AdditionalBackbones = [new ImageClassificationTrainer.AdditionalBackbone(tinyPath)],
            Precision = BackbonePrecision.Int8,
            Epoch = 20,
            Download = new BackboneDownloadOptions { CacheDirectory = folder.Combine("models") },
            Featurizer = new FeaturizerOptions { CacheDirectory = folder.Combine("bottlenecks") },
        };

        var model = new ImageClassificationTrainer(ml, options).Train(train, validation);

        model.BackboneSpec.Name.Should().Be("toy-int8");
        model.Description.AdditionalBackbones!.Single().Name.Should().Be("toy2-int8");
        OnnxModelDocument.Parse(model.ClassifierOnnx, "classifier").Nodes
            .Should().Contain(n => n.OpType == "QuantizeLinear" && n.Outputs[0].StartsWith("backbone1/", StringComparison.Ordinal),
                "the second backbone runs in int8 too");
        var report = model.Precision!;
        report.ComparedImages.Should().Be(model.Validation!.Count);
        report.Int8Accuracy.Should().BeApproximately(model.Validation.MicroAccuracy, 1e-9);
        report.Float32Accuracy.Should().NotBeNull();
    }
}
