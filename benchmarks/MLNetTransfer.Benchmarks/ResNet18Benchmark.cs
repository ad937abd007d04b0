using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Transforms;
using MLNetTransfer.Backbones;
using MLNetTransfer.Data;
using MLNetTransfer.Featurization;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Benchmarks;

/// <summary>
/// Section resnet18: the embedded default backbone against ML.NET's own ResNet18 pipeline (LoadImages → ResizeImages
/// 224 → ExtractPixels → DnnFeaturizeImage(ResNet18)): featurizing throughput on the same photos, and flowers-dev
/// val accuracy of our trainer's defaults beside that pipeline + LbfgsMaximumEntropy trained on the same photos.
/// </summary>
internal static class ResNet18Benchmark
{
    private const string Section = "resnet18";

    public static void Run(BenchmarkSettings settings, Results results)
    {
        var paths = settings.Shared.AllImages().Take(settings.Images).ToArray();
        Console.WriteLine();
        Console.WriteLine($"== resnet18: embedded ResNet18 vs ML.NET DnnFeaturizeImage(ResNet18), {paths.Length} flowers-dev JPEGs");
        Throughput(settings, results, paths);
        Accuracy(settings, results);
    }

    private static void Throughput(BenchmarkSettings settings, Results results, string[] paths)
    {
        var entry = BackboneCatalog.ResNet18;
        var backbone = new BackboneDownloader().EnsureAsync(entry).GetAwaiter().GetResult();
        using var featurizer = new BottleneckFeaturizer(new MLContext(seed: 1), backbone, entry.Spec, new FeaturizerOptions { UseCache = false });
        var ml = new MLContext(seed: 1);
        var stock = StockFeatures(ml).Fit(ml.Data.LoadFromEnumerable(Array.Empty<Stock.PathRow>()));
        var inputs = paths.Select((p, i) => ImageInput.FromFile(i, p)).ToArray();
        featurizer.Featurize(inputs.Take(8));
        Stock.Featurize(ml, stock, paths.Take(8), "Features");

        var ours = new List<double>();
        var theirs = new List<double>();
        for (var round = 1; round <= settings.Rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            var count = featurizer.Featurize(inputs).Count;
            ours.Add(count / clock.Elapsed.TotalSeconds);
            clock.Restart();
            var rows = Stock.Featurize(ml, stock, paths, "Features");
            theirs.Add(rows / clock.Elapsed.TotalSeconds);
            Console.WriteLine($"    round {round}: ours {ours[^1]:0.0} img/s, stock {theirs[^1]:0.0} img/s ({count} and {rows} images)");
        }
        (stock as IDisposable)?.Dispose();
        var (o, s) = (Stats.Median(ours), Stats.Median(theirs));
        results.Add(Section, $"ours featurize (BottleneckFeaturizer), median of {settings.Rounds}", $"{o:0.0} img/s");
        results.Add(Section, $"stock DnnFeaturizeImage(ResNet18), median of {settings.Rounds}", $"{s:0.0} img/s");
        results.Add(Section, "ours / stock featurize", $"{o / s:0.00}x", ">= 1.0x", o >= s);
    }

    private static void Accuracy(BenchmarkSettings settings, Results results)
    {
        var ml = new MLContext(seed: 1);
        var train = Load(ml, settings.Shared.FlowersTrain);
        var validation = Load(ml, settings.Shared.FlowersVal);
        var toKey = ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label").Fit(train);
        train = toKey.Transform(train);
        validation = toKey.Transform(validation);

        // Our trainer exactly as a program that only picks the backbone gets it: every other option at its default.
        var options = new ImageClassificationTrainer.Options
        {
            FeatureColumnName = "ImagePath",
            LabelColumnName = "LabelKey",
            Arch = ImageClassificationTrainer.Architecture.ResNet18,
            Featurizer = new FeaturizerOptions { UseCache = false },
        };
        var ours = new ImageClassificationTrainer(ml, options).Fit(train);
        var ourAccuracy = ml.MulticlassClassification.Evaluate(ours.Transform(validation), "LabelKey").MicroAccuracy;

        var stock = StockFeatures(ml)
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy("LabelKey", "Features"))
            .Fit(train);
        var stockAccuracy = ml.MulticlassClassification.Evaluate(stock.Transform(validation), "LabelKey").MicroAccuracy;
        (stock as IDisposable)?.Dispose();

        results.Add(Section, "flowers-dev/val micro-accuracy, ours (trainer defaults, Arch = ResNet18)", $"{ourAccuracy:0.000}");
        results.Add(Section, "flowers-dev/val micro-accuracy, stock DnnFeaturizeImage(ResNet18) + LbfgsMaximumEntropy", $"{stockAccuracy:0.000}");
        results.Add(Section, "accuracy ours - stock", $"{ourAccuracy - stockAccuracy:+0.000;-0.000;0.000}", ">= 0", ourAccuracy >= stockAccuracy);
    }

    internal static IDataView Load(MLContext ml, string folder) =>
        ml.Data.LoadFromEnumerable(ImageFolderDataset.Scan(folder).Images);

    /// <summary>ML.NET's documented ResNet18 featurizer: the package's preprocess graph and ResNet18, one image per row.</summary>
    private static IEstimator<ITransformer> StockFeatures(MLContext ml) =>
        ml.Transforms.LoadImages("StockImage", null, "ImagePath")
            .Append(ml.Transforms.ResizeImages("StockImage", 224, 224, "StockImage"))
            .Append(ml.Transforms.ExtractPixels("Pixels", "StockImage"))
            .Append(ml.Transforms.DnnFeaturizeImage("Features", m => m.ModelSelector.ResNet18(ml, m.OutputColumn, m.InputColumn), "Pixels"));
}
