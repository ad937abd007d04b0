using System.Diagnostics;
using Microsoft.ML;
using MLNetTransfer.Backbones;
using MLNetTransfer.Featurization;

namespace MLNetTransfer.Benchmarks;

/// <summary>Section 1: bottlenecks of the flowers-dev photos, end to end from JPEG files, cache off.</summary>
internal static class FeaturizeBenchmark
{
    public static void Run(BenchmarkSettings settings, Results results)
    {
        var paths = settings.Shared.AllImages().Take(settings.Images).ToArray();
        Console.WriteLine();
        Console.WriteLine($"== featurize: {paths.Length} flowers-dev JPEGs, {SharedData.ModelFile}, cache disabled");

        var (ours, stock) = CompareWithStock(settings, paths, warmup: paths.Take(16).ToArray());
        var section = "featurize";
        results.Add(section, $"ours (BottleneckFeaturizer), median of {settings.Rounds}", $"{ours:0} img/s");
        results.Add(section, $"stock ML.NET pipeline, median of {settings.Rounds}", $"{stock:0} img/s");

        using var featurizer = Create(settings, new FeaturizerOptions { UseCache = false });
        var tensors = RawOrt.Decode(featurizer, paths.Take(Math.Min(paths.Length, 256)).ToArray());
        var pixelCount = featurizer.Preprocessing.PixelCount;
        var sweepImages = Math.Min(paths.Length, 320);
        var best = (Rate: 0.0, Layout: new RawOrt.Layout(1, 1, true));
        var cores = Environment.ProcessorCount;
        var layouts = new[] { 1, 4, 8, 16, 32 }.SelectMany(batch => new[]
        {
            new RawOrt.Layout(1, batch, true),
            new RawOrt.Layout(cores, batch, true),
            new RawOrt.Layout(cores, batch, false),
            new RawOrt.Layout(1, batch, true, Concurrent: cores),
        }).Distinct();
        foreach (var layout in layouts)
        {
            var rate = RawOrt.Throughput(settings.Shared.ModelPath, "input", "features", tensors, pixelCount, sweepImages, layout);
            Console.WriteLine($"    raw ORT {layout}: {rate:0} img/s");
            if (rate > best.Rate)
                best = (rate, layout);
        }
        results.Add(section, $"raw ORT ceiling ({best.Layout})", $"{best.Rate:0} img/s");
        results.Add(section, "ours / stock", $"{ours / stock:0.00}x", ">= 1.4x", ours / stock >= 1.4);
        results.Add(section, "ours / raw ORT ceiling", $"{ours / best.Rate:P0}", ">= 75%", ours / best.Rate >= 0.75);
    }

    /// <summary>
    /// Images per second of our featurizer and of the stock pipeline on the same files, setup excluded: both are
    /// built and warmed up first, then run alternately settings.Rounds times; each figure is its median.
    /// </summary>
    public static (double Ours, double Stock) CompareWithStock(BenchmarkSettings settings, string[] paths, string[] warmup)
    {
        var inputs = paths.Select((p, i) => ImageInput.FromFile(i, p)).ToArray();
        using var featurizer = Create(settings, new FeaturizerOptions { UseCache = false });
        var ml = new MLContext(seed: 1);
        var stockFeatures = Stock.FitFeatures(ml, settings.Shared.ModelPath);
        featurizer.Featurize(warmup.Select((p, i) => ImageInput.FromFile(i, p)));
        Stock.Featurize(ml, stockFeatures, warmup);

        var ours = new List<double>();
        var stock = new List<double>();
        for (var round = 1; round <= settings.Rounds; round++)
        {
            // Each timed run starts from a collected heap, so neither pays for the garbage the other left behind.
            CollectGarbage();
            var clock = Stopwatch.StartNew();
            var result = featurizer.Featurize(inputs);
            ours.Add(result.Count / clock.Elapsed.TotalSeconds);
            if (result.Skipped.Count > 0)
                Console.WriteLine($"    ours skipped {result.Skipped.Count}: {result.Skipped[0]}");

            CollectGarbage();
            clock.Restart();
            var rows = Stock.Featurize(ml, stockFeatures, paths);
            stock.Add(rows / clock.Elapsed.TotalSeconds);
            Console.WriteLine($"    round {round}: ours {ours[^1]:0.0} img/s, stock {stock[^1]:0.0} img/s ({result.Count} and {rows} images)");
        }
        (stockFeatures as IDisposable)?.Dispose();
        return (Stats.Median(ours), Stats.Median(stock));
    }

    private static void CollectGarbage()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    public static BottleneckFeaturizer Create(BenchmarkSettings settings, FeaturizerOptions options) =>
        new(new MLContext(seed: 1), settings.Shared.ModelPath, BackboneSpec.Load(settings.Shared.SpecPath), options);
}
