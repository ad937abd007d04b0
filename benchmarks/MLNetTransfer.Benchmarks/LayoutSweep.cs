using System.Diagnostics;
using MLNetTransfer.Featurization;

namespace MLNetTransfer.Benchmarks;

/// <summary>'sweep': our featurizer under several thread layouts and batch sizes, same images. Not part of 'all'.</summary>
internal static class LayoutSweep
{
    public static void Run(BenchmarkSettings settings, Results results)
    {
        var paths = settings.Shared.AllImages().Take(settings.Images).ToArray();
        var inputs = paths.Select((p, i) => ImageInput.FromFile(i, p)).ToArray();
        Console.WriteLine();
        Console.WriteLine($"== sweep: {paths.Length} flowers-dev JPEGs, cache disabled, featurizer layouts");
        foreach (var (decode, onnx, batch) in new[] { (2, 2, 1), (2, 2, 2), (2, 2, 4), (2, 2, 8), (2, 2, 16), (1, 2, 4), (2, 1, 4), (3, 2, 4) })
        {
            using var featurizer = FeaturizeBenchmark.Create(settings,
                new FeaturizerOptions { UseCache = false, DecodeThreads = decode, OnnxThreads = onnx, BatchSize = batch });
            featurizer.Featurize(inputs.Take(16));
            using var self = Process.GetCurrentProcess();
            var cpuBefore = self.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var count = featurizer.Featurize(inputs).Count;
            var wall = clock.Elapsed;
            self.Refresh();
            var cpu = (self.TotalProcessorTime - cpuBefore).TotalMilliseconds / count;
            results.Add("sweep", $"decode {decode}, onnx runners {onnx}, batch {batch}",
                $"{count / wall.TotalSeconds:0} img/s, {cpu:0.00} CPU ms/img (2 cores busy: {2000 / cpu:0} img/s)");
        }
    }
}
