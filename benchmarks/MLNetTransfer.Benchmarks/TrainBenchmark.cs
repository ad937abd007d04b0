using System.Diagnostics;
using Microsoft.ML;
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

        var ml = new MLContext(seed: 1);
        var data = LoadTrain(ml, settings);
        // Rounds alternate ours (cold, then warm on the same cache) and stock; each figure is the round median.
        var rounds = new List<(TrainRun Cold, TrainRun Warm, TimeSpan Stock)>();
        for (var round = 1; round <= settings.Rounds; round++)
        {
            var cache = FreshFolder(settings, "train-cache");
            var cold = TrainOurs(ml, data, settings, cache);
            var warm = TrainOurs(ml, data, settings, cache);
            var stockTime = TrainStock(ml, data, settings);
            rounds.Add((cold, warm, stockTime));
            if (round == 1)
            {
                var zip = Path.Combine(settings.WorkDirectory, "flowers-mobilenet.zip");
                cold.Model.Save(ml, data.Schema, zip);
                state.ModelZip = zip;
                state.ClassifierOnnx = cold.Model.ClassifierOnnx;
                state.ExportedOnnx = Path.Combine(settings.WorkDirectory, "flowers-mobilenet.onnx");
                cold.Model.ExportOnnx(state.ExportedOnnx);
            }
        }
        TrainRun Middle(Func<(TrainRun Cold, TrainRun Warm, TimeSpan Stock), TrainRun> pick) =>
            rounds.Select(pick).OrderBy(r => r.Total).ElementAt(rounds.Count / 2);
        var coldRun = Middle(r => r.Cold);
        var warmRun = Middle(r => r.Warm);
        var stock = TimeSpan.FromSeconds(Stats.Median(rounds.Select(r => r.Stock.TotalSeconds).ToArray()));
        var n = $"median of {settings.Rounds}";

        results.Add(section, $"ours cold cache: featurize / total (in-process, {n})",
            $"{coldRun.Featurize.TotalSeconds:0.00} s / {coldRun.Total.TotalSeconds:0.00} s ({coldRun.Model.TrainFeaturize.Computed} computed, {coldRun.Model.TrainFeaturize.FromCache} from cache)");
        results.Add(section, $"ours warm cache: featurize / total (in-process, {n})",
            $"{warmRun.Featurize.TotalSeconds:0.00} s / {warmRun.Total.TotalSeconds:0.00} s ({warmRun.Model.TrainFeaturize.Computed} computed, {warmRun.Model.TrainFeaturize.FromCache} from cache)");
        results.Add(section, $"stock featurize + LbfgsMaximumEntropy total (in-process, {n})", $"{stock.TotalSeconds:0.00} s");
        results.Add(section, "cold train speed-up vs stock (in-process)", $"{stock / coldRun.Total:0.00}x", ">= 1.3x", stock / coldRun.Total >= 1.3);
        var warmShare = Stats.Median(rounds.Select(r => r.Warm.Featurize / r.Cold.Featurize).ToArray());
        results.Add(section, "warm-cache featurize / cold featurize", $"{warmShare:P1}", "<= 5%", warmShare <= 0.05);

        // The same three jobs as whole processes: runtime start, model load and JIT count, as a user sees them.
        var processRounds = new List<(double Cold, double Warm, double Stock, Dictionary<string, string> ColdChild, Dictionary<string, string> WarmChild)>();
        for (var round = 1; round <= settings.Rounds; round++)
        {
            var processCache = FreshFolder(settings, "train-cache-process");
            var (coldWall, coldChild) = ChildProcess.Run(settings, "child-train", "ours", processCache);
            var (warmWall, warmChild) = ChildProcess.Run(settings, "child-train", "ours", processCache);
            var (stockWall, _) = ChildProcess.Run(settings, "child-train", "stock", processCache);
            Console.WriteLine($"    processes, round {round}: ours cold {coldWall.TotalSeconds:0.00} s, warm {warmWall.TotalSeconds:0.00} s, stock {stockWall.TotalSeconds:0.00} s");
            processRounds.Add((coldWall.TotalSeconds, warmWall.TotalSeconds, stockWall.TotalSeconds, coldChild, warmChild));
        }
        var coldProcess = processRounds.OrderBy(r => r.Cold).ElementAt(processRounds.Count / 2);
        var warmProcess = processRounds.OrderBy(r => r.Warm).ElementAt(processRounds.Count / 2);
        var stockProcess = Stats.Median(processRounds.Select(r => r.Stock).ToArray());
        results.Add(section, $"ours cold cache, whole process ({n})", $"{coldProcess.Cold:0.00} s (featurize {coldProcess.ColdChild["featurize_s"]} s, {coldProcess.ColdChild["computed"]} computed)");
        results.Add(section, $"ours warm cache, whole process ({n})", $"{warmProcess.Warm:0.00} s (featurize {warmProcess.WarmChild["featurize_s"]} s, {warmProcess.WarmChild["from_cache"]} from cache)");
        results.Add(section, $"stock, whole process ({n})", $"{stockProcess:0.00} s");
        results.Add(section, "cold train speed-up vs stock (processes)", $"{stockProcess / coldProcess.Cold:0.00}x", ">= 1.3x", stockProcess / coldProcess.Cold >= 1.3);
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
        if (which is "stock" or "stock-save")
        {
            // stock-save also writes model.zip, as a program that keeps what it trained (and the CLI) does.
            var saveTo = which == "stock-save" ? Path.Combine(settings.WorkDirectory, "stock-model.zip") : null;
            var total = TrainStock(ml, data, settings, saveTo);
            ChildProcess.Report(("total_s", total.TotalSeconds.ToString("0.00")));
            return 0;
        }
        Console.Error.WriteLine("child-train needs 'ours CACHE', 'stock' or 'stock-save'.");
        return 2;
    }

    public static IDataView LoadTrain(MLContext ml, BenchmarkSettings settings)
    {
        var images = ml.Data.LoadFromEnumerable(ImageFolderDataset.Scan(settings.Shared.FlowersTrain).Images);
        return ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label").Fit(images).Transform(images);
    }

    public sealed record TrainRun(ImageClassificationModel Model, TimeSpan Featurize, TimeSpan Total);

    public static TrainRun TrainOurs(MLContext ml, IDataView data,
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
        // The ML.NET pipeline is built on first use; Fit (what stock's time includes) builds it at once.
        _ = model.Transformer;
        var total = clock.Elapsed;
        Console.WriteLine($"    ours: featurize {model.Timings.Featurize.TotalSeconds:0.00} s ({model.TrainFeaturize.Computed} computed, " +
            $"{model.TrainFeaturize.FromCache} from cache), head {model.Timings.TrainHead.TotalSeconds:0.00} s, " +
            $"build {model.Timings.BuildModel.TotalSeconds:0.00} s, total {total.TotalSeconds:0.00} s");
        return new TrainRun(model, model.Timings.Featurize, total);
    }

    public static TimeSpan TrainStock(MLContext ml, IDataView data, BenchmarkSettings settings, string? saveTo = null)
    {
        var clock = Stopwatch.StartNew();
        var model = Stock.Classifier(ml, settings.Shared.ModelPath).Fit(data);
        if (saveTo is not null)
            ml.Model.Save(model, data.Schema, saveTo);
        var total = clock.Elapsed;
        Console.WriteLine($"    stock: featurize + LbfgsMaximumEntropy {total.TotalSeconds:0.00} s");
        (model as IDisposable)?.Dispose();
        return total;
    }

    internal static string FreshFolder(BenchmarkSettings settings, string name)
    {
        var folder = Path.Combine(settings.WorkDirectory, name);
        if (Directory.Exists(folder))
            Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
