using Microsoft.ML;
using System.Diagnostics;
using MLNetTransfer.Featurization;
using MLNetTransfer.Images;

namespace MLNetTransfer.Benchmarks;

/// <summary>
/// 'stages': where one image's time goes, each stage on one thread in turn (read, decode, resize + extract, ONNX;
/// best of three passes),
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
        Profile(results, "flowers", paths, featurizer);
        StockStages(settings, results, paths);
        var large = LargePhotoBenchmark.Generate(settings).Take(16).ToArray();
        Profile(results, "12 MP", large, featurizer);
    }

    private static void StockStages(BenchmarkSettings settings, Results results, string[] paths)
    {
        var ml = new Microsoft.ML.MLContext(seed: 1);
        var rows = ml.Data.LoadFromEnumerable(Array.Empty<Stock.PathRow>());
        var prepOnly = ml.Transforms.LoadImages("StockImage", null, "ImagePath")
            .Append(ml.Transforms.ResizeImages("StockImage", 224, 224, "StockImage", Microsoft.ML.Transforms.Image.ImageResizingEstimator.ResizingKind.IsoCrop))
            .Append(ml.Transforms.ExtractPixels("features", "StockImage")).Fit(rows);
        var full = Stock.FitFeatures(ml, settings.Shared.ModelPath);
        foreach (var (label, model) in new[] { ("stock load + resize + extract", prepOnly), ("stock whole pipeline", full) })
        {
            Stock.Featurize(ml, model, paths.Take(8));
            using var self = Process.GetCurrentProcess();
            var cpu = self.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            Stock.Featurize(ml, model, paths);
            var wall = clock.Elapsed.TotalMilliseconds / paths.Length;
            self.Refresh();
            results.Add("stages", label, $"{wall:0.00} ms/img wall, {(self.TotalProcessorTime - cpu).TotalMilliseconds / paths.Length:0.00} CPU ms/img");
        }
    }

    private static int ImageWidth(byte[] bytes)
    {
        using var codec = SkiaSharp.SKCodec.Create(new MemoryStream(bytes));
        return codec.Info.Width;
    }

    public static void Profile(Results results, string name, string[] paths, BottleneckFeaturizer featurizer)
    {
        var pre = featurizer.Preprocessing;
        var bytes = paths.Select(File.ReadAllBytes).ToArray();
        var decoded = new DecodedImage[paths.Length];
        var pixels = new float[pre.PixelCount * 16];

        // One thread, wall clock, the best of three passes: the other figures a pass can pick up (JIT, GC, other
        // processes' bursts) only ever add time, so the best pass is the closest to the stage's own cost.
        double Time(Action<int> stage, int count)
        {
            stage(0);
            var best = double.MaxValue;
            for (var pass = 0; pass < 3; pass++)
            {
                var clock = Stopwatch.StartNew();
                for (var i = 0; i < count; i++)
                    stage(i);
                best = Math.Min(best, clock.Elapsed.TotalMilliseconds / count);
            }
            return best;
        }

        var read = Time(i => File.ReadAllBytes(paths[i]), paths.Length);
        // Into pooled buffers, as the featurizer decodes: a new large array per image would cost as much as the decode.
        var decode = Time(i => ImageDecoder.DecodePooled(bytes[i], pre.DecodeOptions).ReturnToPool(), paths.Length);
        var full = Time(i => ImageDecoder.DecodePooled(bytes[i], pre.DecodeOptions with { MinShortSide = 0 }).ReturnToPool(), paths.Length);
        for (var i = 0; i < paths.Length; i++)
            decoded[i] = ImageDecoder.Decode(bytes[i], pre.DecodeOptions);
        var scaled = Enumerable.Range(0, paths.Length).Count(i => decoded[i].Width < ImageWidth(bytes[i]));
        results.Add("stages", $"{name}: decode at full size", $"{full:0.00} ms/img ({scaled} of {paths.Length} decode at reduced scale otherwise)");
        var stockLoad = Time(i => Microsoft.ML.Data.MLImage.CreateFromFile(paths[i]).Dispose(), paths.Length);
        var extractOne = Time(i => pre.Extract([decoded[i]], pixels), paths.Length);
        var batches = Math.Max(1, paths.Length / 16);
        var extractBatch = Time(b => pre.Extract(decoded.Skip(b * 16).Take(16).ToArray(), pixels), batches) / 16;
        var onnx = Time(_ => featurizer.FeaturizePixels(pixels, 16), batches) / 16;
        var onnxOne = Time(_ => featurizer.FeaturizePixels(pixels, 1), paths.Length);
        results.Add("stages", $"{name}: read file", $"{read:0.00} ms/img");
        results.Add("stages", $"{name}: SHA-256 of the file", $"{Time(i => ContentHash.Of(bytes[i]), paths.Length):0.00} ms/img");
        results.Add("stages", $"{name}: decode ({decoded[0].Width}x{decoded[0].Height} first; {ImageDecoder.JpegDecoderName})", $"{decode:0.00} ms/img");
        results.Add("stages", $"{name}: stock MLImage.CreateFromFile", $"{stockLoad:0.00} ms/img");
        if (pre.CropsInDecoder)
        {
            results.Add("stages", $"{name}: centre-crop resize + pixel layout (CenterCropResizer)", $"{extractOne:0.00} ms/img");
        }
        else
        {
            results.Add("stages", $"{name}: resize + extract, one image per data view", $"{extractOne:0.00} ms/img");
            results.Add("stages", $"{name}: resize + extract, 16 images per data view", $"{extractBatch:0.00} ms/img");
        }
        results.Add("stages", $"{name}: ONNX Runtime, batch 1, featurizer's session (1 thread)", $"{onnxOne:0.00} ms/img");
        results.Add("stages", $"{name}: ONNX Runtime, batch 16, featurizer's session (1 thread)", $"{onnx:0.00} ms/img");
    }
}
