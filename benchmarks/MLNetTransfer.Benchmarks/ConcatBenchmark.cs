using System.Diagnostics;
using Microsoft.ML;
using MLNetTransfer.Backbones;
using MLNetTransfer.Featurization;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Benchmarks;

/// <summary>
/// Section concat: flowers-dev/val accuracy of heads trained on flowers-dev/train with MobileNet v1 0.75 alone, the
/// embedded ResNet18 alone, and both concatenated (Options.AdditionalBackbones), each from a cold bottleneck cache and
/// with its training time; then the concatenation once more on the caches the single runs left (each backbone keeps
/// its own cache). Trainer defaults otherwise (10 % of train held out for early stopping). Rows side by side at the end.
/// </summary>
internal static class ConcatBenchmark
{
    private const string Section = "concat";

    private sealed record Row(string Name, int Features, double Accuracy, TimeSpan Train, TimeSpan Featurize, int Computed);

    public static void Run(BenchmarkSettings settings, Results results)
    {
        Console.WriteLine();
        Console.WriteLine("== concat: MobileNet v1 0.75, ResNet18, and both concatenated; flowers-dev/train -> flowers-dev/val");
        var ml = new MLContext(seed: 1);
        var train = ResNet18Benchmark.Load(ml, settings.Shared.FlowersTrain);
        var validation = ResNet18Benchmark.Load(ml, settings.Shared.FlowersVal);
        var toKey = ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label").Fit(train);
        (train, validation) = (toKey.Transform(train), toKey.Transform(validation));

        var mobileNet = settings.Shared.ModelPath;
        var resNetEntry = BackboneCatalog.ResNet18;
        var resNet = new BackboneDownloader().EnsureAsync(resNetEntry).GetAwaiter().GetResult();
        var cache = Path.Combine(settings.WorkDirectory, "concat-cache");
        if (Directory.Exists(cache))
            Directory.Delete(cache, recursive: true);

        ImageClassificationTrainer.Options Options(string cacheName) => new()
        {
            FeatureColumnName = "ImagePath",
            LabelColumnName = "LabelKey",
            Seed = 1,
            Featurizer = new FeaturizerOptions { CacheDirectory = Path.Combine(cache, cacheName) },
        };
        Row Train(string name, ImageClassificationTrainer.Options options)
        {
            var clock = Stopwatch.StartNew();
            var model = new ImageClassificationTrainer(ml, options).Train(train);
            var elapsed = clock.Elapsed;
            var accuracy = ml.MulticlassClassification.Evaluate(model.Transformer.Transform(validation), "LabelKey").MicroAccuracy;
            var row = new Row(name, model.Training.Head.FeatureCount, accuracy, elapsed, model.Timings.Featurize, model.TrainFeaturize.Computed);
            Console.WriteLine($"    {name}: accuracy {accuracy:0.000}, training {elapsed.TotalSeconds:0.0} s (featurize {row.Featurize.TotalSeconds:0.0} s, {row.Computed} computed)");
            return row;
        }

        var mobileOptions = Options("cold-mobilenet");
        mobileOptions.BackbonePath = mobileNet;
        var resNetOptions = Options("cold-resnet18");
        resNetOptions.Arch = ImageClassificationTrainer.Architecture.ResNet18;
        var bothOptions = Options("cold-both");
        bothOptions.BackbonePath = mobileNet;
        bothOptions.AdditionalBackbones = [new ImageClassificationTrainer.AdditionalBackbone(ImageClassificationTrainer.Architecture.ResNet18)];
        // The same concatenation on one cache that the two single runs filled first.
        var sharedCache = Options("shared");
        var warmMobile = sharedCache.Clone(o => o.BackbonePath = mobileNet);
        var warmResNet = sharedCache.Clone(o => o.Arch = ImageClassificationTrainer.Architecture.ResNet18);
        var warmBoth = sharedCache.Clone(o =>
        {
            o.BackbonePath = mobileNet;
            o.AdditionalBackbones = [new ImageClassificationTrainer.AdditionalBackbone(resNet, resNetEntry.Spec)];
        });

        var rows = new List<Row>
        {
            Train("MobileNet v1 0.75 alone", mobileOptions),
            Train("ResNet18 alone", resNetOptions),
            Train("MobileNet v1 0.75 + ResNet18", bothOptions),
        };
        Train("(fills the shared cache) MobileNet", warmMobile);
        Train("(fills the shared cache) ResNet18", warmResNet);
        rows.Add(Train("MobileNet v1 0.75 + ResNet18, caches warm from the single runs", warmBoth));

        foreach (var row in rows)
        {
            results.Add(Section, $"{row.Name}: flowers-dev/val micro-accuracy", $"{row.Accuracy:0.000}");
            results.Add(Section, $"{row.Name}: training time (featurize train + head)", $"{row.Train.TotalSeconds:0.0} s ({row.Computed} bottlenecks computed)");
        }
        var best = rows.Take(2).Max(r => r.Accuracy);
        results.Add(Section, "concatenated - best single backbone (accuracy)", $"{rows[2].Accuracy - best:+0.000;-0.000;0.000}", ">= 0", rows[2].Accuracy >= best);

        Console.WriteLine();
        Console.WriteLine($"  {"backbones",-62} {"features",8} {"val acc",8} {"train s",8} {"featurize s",12} {"computed",9}");
        foreach (var row in rows)
            Console.WriteLine($"  {row.Name,-62} {row.Features,8} {row.Accuracy,8:0.000} {row.Train.TotalSeconds,8:0.0} {row.Featurize.TotalSeconds,12:0.0} {row.Computed,9}");
    }

    private static ImageClassificationTrainer.Options Clone(this ImageClassificationTrainer.Options options, Action<ImageClassificationTrainer.Options> change)
    {
        var copy = new ImageClassificationTrainer.Options
        {
            FeatureColumnName = options.FeatureColumnName,
            LabelColumnName = options.LabelColumnName,
            Seed = options.Seed,
            Featurizer = options.Featurizer,
        };
        change(copy);
        return copy;
    }
}
