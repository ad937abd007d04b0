using System.Diagnostics;
using MLNetTransfer.Featurization;

namespace MLNetTransfer.Benchmarks;

/// <summary>
/// Section 5: peak memory featurizing N and 10N images (the flowers-dev photos over and over, cache off so every
/// image is decoded and run), each in its own process so that one peak does not hide the other.
/// </summary>
internal static class MemoryBenchmark
{
    public static void Run(BenchmarkSettings settings, Results results)
    {
        var n = settings.MemoryN;
        Console.WriteLine();
        Console.WriteLine($"== memory: peak working set featurizing {n} and {10 * n} images, one process each, cache disabled");
        var (_, small) = ChildProcess.Run(settings, "child-memory", n.ToString());
        var (_, large) = ChildProcess.Run(settings, "child-memory", (10 * n).ToString());
        foreach (var (count, r) in new[] { (n, small), (10 * n, large) })
        {
            results.Add("memory", $"{count} images: peak working set", $"{Stats.Mb(long.Parse(r["peak_ws"]))} " +
                $"(GC heap peak {Stats.Mb(long.Parse(r["gc_peak"]))}, allocated {Stats.Mb(long.Parse(r["allocated"]))}, " +
                $"gen2 GCs {r["gen2"]}, {r["rate"]} img/s)");
        }
        var ratio = double.Parse(large["peak_ws"]) / double.Parse(small["peak_ws"]);
        results.Add("memory", $"peak at {10 * n} / peak at {n}", $"{ratio:0.00}x", "<= 1.2x", ratio <= 1.2);
    }

    /// <summary>child-memory N: featurizes N images and prints the process's peaks.</summary>
    public static int Child(BenchmarkSettings settings)
    {
        var count = int.Parse(settings.Arguments[0]);
        var photos = settings.Shared.AllImages();
        var inputs = Enumerable.Range(0, count).Select(i => ImageInput.FromFile(i, photos[i % photos.Count]));
        using var featurizer = FeaturizeBenchmark.Create(settings, new FeaturizerOptions { UseCache = false });
        long gcPeak = 0;
        var progress = new InlineProgress<FeaturizeProgress>(p =>
        {
            if (p.Processed % 50 == 0)
                gcPeak = Math.Max(gcPeak, GC.GetGCMemoryInfo().HeapSizeBytes);
        });
        var clock = Stopwatch.StartNew();
        var result = featurizer.Featurize(inputs, progress);
        var rate = result.Count / clock.Elapsed.TotalSeconds;
        gcPeak = Math.Max(gcPeak, GC.GetGCMemoryInfo().HeapSizeBytes);
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        ChildProcess.Report(("peak_ws", self.PeakWorkingSet64), ("gc_peak", gcPeak), ("allocated", GC.GetTotalAllocatedBytes()),
            ("gen2", GC.CollectionCount(2)), ("rate", rate.ToString("0")), ("count", result.Count));
        return 0;
    }
}
