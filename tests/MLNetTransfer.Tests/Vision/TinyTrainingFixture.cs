using Microsoft.ML;
using MLNetTransfer.Data;
using MLNetTransfer.Tests.Support;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Tests.Vision;

/// <summary>A tiny backbone and colour datasets written once for the trainer tests; runs without ../shared.</summary>
public sealed class TinyTrainingFixture : IDisposable
{
    public TinyTrainingFixture()
    {
        Dir = new TempDir("mlnt-trainer");
        // 96: a size with a CenterCropPixels contract, the path every common backbone takes.
        (BackbonePath, _) = TinyBackbone.Write(Dir.Combine("backbone"), size: 96);
        TrainFolder = TestDatasets.ColourClasses(Dir.Combine("train"), perClass: 10, seed: 1);
        ValidationFolder = TestDatasets.ColourClasses(Dir.Combine("val"), perClass: 5, seed: 2);
    }

    public TempDir Dir { get; }

    public string BackbonePath { get; }

    public string TrainFolder { get; }

    public string ValidationFolder { get; }

    /// <summary>Folder → (ImagePath, Label) → LabelKey (key) → Image (encoded bytes), with one key mapping for all splits.</summary>
    public (IDataView Train, IDataView Validation) Load(MLContext mlContext, string? trainFolder = null)
    {
        var train = ImageFolderDataset.Scan(trainFolder ?? TrainFolder).ToDataView(mlContext);
        var validation = ImageFolderDataset.Scan(ValidationFolder).ToDataView(mlContext);
        var prepare = mlContext.Transforms.Conversion.MapValueToKey("LabelKey", "Label")
            .Append(mlContext.Transforms.LoadRawImageBytes("Image", null, "ImagePath"))
            .Fit(train);
        return (prepare.Transform(train), prepare.Transform(validation));
    }

    public ImageClassificationTrainer.Options Options(string cacheName = "cache") => new()
    {
        FeatureColumnName = "Image",
        LabelColumnName = "LabelKey",
        BackbonePath = BackbonePath,
        Epoch = 30,
        ValidationSetFraction = 0,
        Featurizer = new Featurization.FeaturizerOptions { CacheDirectory = Dir.Combine(cacheName) },
    };

    public void Dispose() => Dir.Dispose();
}
