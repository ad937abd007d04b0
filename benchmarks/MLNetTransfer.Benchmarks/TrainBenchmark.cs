using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetTransfer.Data;
using MLNetTransfer.Featurization;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Benchmarks;

/// <summary>
/// Section 3: a whole training run on flowers-dev/train with our ImageClassificationTrainer (defaults, local
/// backbone) with a cold then a warm bottleneck cache, next to the stock pipeline doing the same job
/// (featurize + LbfgsMaximumEntropy), in this process and as separate processes.
/// </summary>
internal static class TrainBenchmark
{
    public static void Run(BenchmarkSettings settings, Results results, SharedState state)
    {
        Console.WriteLine();
        Console.WriteLine($"== train: flowers-dev/train ({SharedData.Photos(settings.Shared.FlowersTrain).Count()} photos), " +
            "ImageClassificationTrainer defaults (Epoch 200) vs stock featurize + LbfgsMaximumEntropy");
        const string section = "train";

        var cache = FreshFolder(settings, "train-cache");
        var ml = new MLContext(seed: 1);
        var data = LoadTrain(ml, settings);
        var cold = TrainOurs(ml, data, settings, cache);
        var warm = TrainOurs(ml, data, settings, cache);
        var stock = TrainStock(ml, data, settings);

        var zip = Path.Combine(settings.WorkDirectory, "flowers-mobilenet.zip");
        cold.Model.Save(ml, data.Schema, zip);
        state.ModelZip = zip;
        state.ClassifierOnnx = cold.Model.ClassifierOnnx;

        results.Add(section, "ours cold cache: featurize / total (in-process)",
            $"{cold.Featurize.TotalSeconds:0.00} s / {cold.Total.TotalSeconds:0.00} s ({cold.Model.TrainFeaturize.Computed} computed, {cold.Model.TrainFeaturize.FromCache} from cache)");
        results.Add(section, "ours warm cache: featurize / total (in-process)",
            $"{warm.Featurize.TotalSeconds:0.00} s / {warm.Total.TotalSeconds:0.00} s ({warm.Model.TrainFeaturize.Computed} computed, {warm.Model.TrainFeaturize.FromCache} from cache)");
        results.Add(section, "stock featurize + LbfgsMaximumEntropy total (in-process)", $"{stock.TotalSeconds:0.00} s");
        results.Add(section, "cold train speed-up vs stock (in-process)", $"{stock / cold.Total:0.00}x", ">= 1.3x", stock / cold.Total >= 1.3);
        var warmShare = warm.Featurize / cold.Featurize;
        results.Add(section, "warm-cache featurize / cold featurize", $"{warmShare:P1}", "<= 5%", warmShare <= 0.05);

        // The same three jobs as whole processes: runtime start, model load and JIT count, as a user sees them.
        var processCache = FreshFolder(settings, "train-cache-process");
        var (coldWall, coldChild) = ChildProcess.Run(settings, "child-train", "ours", processCache);
        var (warmWall, warmChild) = ChildProcess.Run(settings, "child-train", "ours", processCache);
        var (stockWall, _) = ChildProcess.Run(settings, "child-train", "stock", processCache);
        results.Add(section, "ours cold cache, whole process", $"{coldWall.TotalSeconds:0.00} s (featurize {coldChild["featurize_s"]} s, {coldChild["computed"]} computed)");
        results.Add(section, "ours warm cache, whole process", $"{warmWall.TotalSeconds:0.00} s (featurize {warmChild["featurize_s"]} s, {warmChild["from_cache"]} from cache)");
        results.Add(section, "stock, whole process", $"{stockWall.TotalSeconds:0.00} s");
        results.Add(section, "cold train speed-up vs stock (processes)", $"{stockWall / coldWall:0.00}x", ">= 1.3x", stockWall / coldWall >= 1.3);
    }

    /// <summary>child-train ours|stock CACHE: one training run, then exit; the parent times the process.</summary>
    public static int Child(BenchmarkSettings settings)
    {
        var which = settings.Arguments.ElementAtOrDefault(0);
        var ml = new MLContext(seed: 1);
        var data = LoadTrain(ml, settings);
        if (which == "ours")
        {
            var run = TrainOurs(ml, data, settings, settings.Arguments[1]);
            ChildProcess.Report(("featurize_s", run.Featurize.TotalSeconds.ToString("0.00")), ("total_s", run.Total.TotalSeconds.ToString("0.00")),
                ("computed", run.Model.TrainFeaturize.Computed), ("from_cache", run.Model.TrainFeaturize.FromCache));
            return 0;
        }
        if (which == "stock")
        {
            var total = TrainStock(ml, data, settings);
            ChildProcess.Report(("total_s", total.TotalSeconds.ToString("0.00")));
            return 0;
        }
        Console.Error.WriteLine("child-train needs 'ours CACHE' or 'stock'.");
        return 2;
    }

    public static IDataView LoadTrain(MLContext ml, BenchmarkSettings settings)
    {
        var images = ml.Data.LoadFromEnumerable(ImageFolderDataset.Scan(settings.Shared.FlowersTrain).Images);
        return ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label").Fit(images).Transform(images);
    }

    public static (ImageClassificationModel Model, TimeSpan Featurize, TimeSpan Total) TrainOurs(MLContext ml, IDataView data,
        BenchmarkSettings settings, string cacheFolder)
    {
        var options = new ImageClassificationTrainer.Options
        {
            FeatureColumnName = "ImagePath",
            LabelColumnName = "LabelKey",
            BackbonePath = settings.Shared.ModelPath,
            Featurizer = new FeaturizerOptions { CacheDirectory = cacheFolder },
        };
        var clock = Stopwatch.StartNew();
        var model = new ImageClassificationTrainer(ml, options).Train(data);
        var total = clock.Elapsed;
        Console.WriteLine($"    ours: featurize {model.Timings.Featurize.TotalSeconds:0.00} s ({model.TrainFeaturize.Computed} computed, " +
            $"{model.TrainFeaturize.FromCache} from cache), head {model.Timings.TrainHead.TotalSeconds:0.00} s, " +
            $"build {model.Timings.BuildModel.TotalSeconds:0.00} s, total {total.TotalSeconds:0.00} s");
        return (model, model.Timings.Featurize, total);
    }

    public static TimeSpan TrainStock(MLContext ml, IDataView data, BenchmarkSettings settings)
    {
        var clock = Stopwatch.StartNew();
        var model = Stock.Features(ml, settings.Shared.ModelPath)
            .Append(ml.Transforms.CopyColumns("Features", "features"))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy("LabelKey", "Features"))
            .Fit(data);
        var total = clock.Elapsed;
        Console.WriteLine($"    stock: featurize + LbfgsMaximumEntropy {total.TotalSeconds:0.00} s");
        (model as IDisposable)?.Dispose();
        return total;
    }

    private static string FreshFolder(BenchmarkSettings settings, string name)
    {
        var folder = Path.Combine(settings.WorkDirectory, name);
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
