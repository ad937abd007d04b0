using System.Diagnostics;
using MLNetTransfer.Featurization;
using MLNetTransfer.Images;

namespace MLNetTransfer.Benchmarks;

/// <summary>
/// 'stages': where one image's time goes, each stage on one thread in turn (read, decode, resize + extract, ONNX),
/// the evidence for how the featurizer splits the cores. Not part of 'all'.
/// </summary>
internal static class StageProfile
{
    public static void Run(BenchmarkSettings settings, Results results)
    {
        var paths = settings.Shared.AllImages().Take(Math.Min(settings.Images, 200)).ToArray();
        Console.WriteLine();
        Console.WriteLine($"== stages: {paths.Length} flowers-dev JPEGs, one thread, milliseconds per image");
        using var featurizer = FeaturizeBenchmark.Create(settings, new FeaturizerOptions { UseCache = false });
        Profile(settings, results, "flowers", paths, featurizer);
    }

    public static void Profile(BenchmarkSettings settings, Results results, string name, string[] paths, BottleneckFeaturizer featurizer)
    {
        var pre = featurizer.Preprocessing;
        var bytes = paths.Select(File.ReadAllBytes).ToArray();
        var decoded = new DecodedImage[paths.Length];
        var pixels = new float[pre.PixelCount * 16];

        // Process CPU time, not wall time: the figure that holds when other work shares the machine.
        using var self = Process.GetCurrentProcess();
        double Time(Action<int> stage, int count)
        {
            stage(0);
            self.Refresh();
            var before = self.TotalProcessorTime;
            for (var i = 0; i < count; i++)
                stage(i);
            self.Refresh();
            return (self.TotalProcessorTime - before).TotalMilliseconds / count;
        }

        var read = Time(i => File.ReadAllBytes(paths[i]), paths.Length);
        var decode = Time(i => decoded[i] = ImageDecoder.Decode(bytes[i], pre.DecodeOptions), paths.Length);
        var extractOne = Time(i => pre.Extract([decoded[i]], pixels), paths.Length);
        var batches = paths.Length / 16;
        var extractBatch = Time(b => pre.Extract(decoded.Skip(b * 16).Take(16).ToArray(), pixels), batches) / 16;
        var onnx = Time(_ => featurizer.FeaturizePixels(pixels, 16), batches) / 16;
        results.Add("stages", $"{name}: read file", $"{read:0.00} CPU ms/img");
        results.Add("stages", $"{name}: decode ({decoded[0].Width}x{decoded[0].Height} first)", $"{decode:0.00} CPU ms/img");
        results.Add("stages", $"{name}: resize + extract, one image per data view", $"{extractOne:0.00} CPU ms/img");
        results.Add("stages", $"{name}: resize + extract, 16 images per data view", $"{extractBatch:0.00} CPU ms/img");
        results.Add("stages", $"{name}: ONNX Runtime, batch 16, featurizer's threads", $"{onnx:0.00} CPU ms/img");
    }
}
