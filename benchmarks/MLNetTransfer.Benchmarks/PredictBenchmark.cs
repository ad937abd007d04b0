using System.Diagnostics;
using Microsoft.ML;
using MLNetTransfer.Onnx;

namespace MLNetTransfer.Benchmarks;

/// <summary>
/// Section 4: single-image latency of the trained model loaded from its zip through a PredictionEngine (JPEG file
/// in, scores out) next to plain ONNX Runtime running the same classifier graph on a tensor already decoded.
/// </summary>
internal static class PredictBenchmark
{
    private const int Runs = 400;

    public sealed class Input
    {
        public string ImagePath { get; set; } = "";
    }

    public sealed class Output
    {
        public float[] Score { get; set; } = [];
    }

    /// <summary>Milliseconds of each of <see cref="Runs"/> single predictions, after 20 untimed ones.</summary>
    internal static double[] Latencies(string[] paths, Func<string, float[]> predict)
    {
        var latencies = new double[Runs];
        for (var i = -20; i < Runs; i++)
        {
            var path = paths[(i + paths.Length) % paths.Length];
            var clock = Stopwatch.StartNew();
            var scores = predict(path);
            if (i >= 0)
                latencies[i] = clock.Elapsed.TotalMilliseconds;
            if (scores.Length == 0)
                throw new InvalidOperationException("No score.");
        }
        return latencies;
    }

    public static void Run(BenchmarkSettings settings, Results results, SharedState state)
    {
        Console.WriteLine();
        Console.WriteLine($"== predict: single-image latency, {Runs} flowers-dev/val photos one at a time");
        const string section = "predict";
        if (state.ModelZip is null)
        {
            var ml = new MLContext(seed: 1);
            var data = TrainBenchmark.LoadTrain(ml, settings);
            var trained = TrainBenchmark.TrainOurs(ml, data, settings, Path.Combine(settings.WorkDirectory, "predict-cache"));
            state.ModelZip = Path.Combine(settings.WorkDirectory, "flowers-mobilenet.zip");
            trained.Model.Save(ml, data.Schema, state.ModelZip);
            state.ClassifierOnnx = trained.Model.ClassifierOnnx;
            state.ExportedOnnx = Path.Combine(settings.WorkDirectory, "flowers-mobilenet.onnx");
            trained.Model.ExportOnnx(state.ExportedOnnx);
        }

        var paths = SharedData.Photos(settings.Shared.FlowersVal).ToArray();
        var context = new MLContext(seed: 1);
        var loaded = context.Model.Load(state.ModelZip, out _);
        using var engine = context.Model.CreatePredictionEngine<Input, Output>(loaded);
        var latencies = Latencies(paths, path => engine.Predict(new Input { ImagePath = path }).Score);
        var p50 = Stats.Percentile(latencies, 50);
        var p99 = Stats.Percentile(latencies, 99);

        // The pool loaded from the exported classifier: the same preprocessing, ONNX Runtime called directly.
        var pool = Prediction.ImageClassifierPool.Load(state.ExportedOnnx!);
        var poolLatencies = Latencies(paths, path => pool.PredictFile(path).Scores);
        var poolP50 = Stats.Percentile(poolLatencies, 50);

        using var featurizer = FeaturizeBenchmark.Create(settings, new Featurization.FeaturizerOptions { UseCache = false });
        var tensor = RawOrt.Decode(featurizer, [paths[0]]);
        var best = (P50: double.MaxValue, P99: 0.0, Layout: "", Threads: 1, Spinning: true);
        foreach (var (threads, spinning) in new[] { (1, true), (Environment.ProcessorCount, true), (Environment.ProcessorCount, false) }.Distinct())
        {
            var raw = RawOrt.Latencies(state.ClassifierOnnx!, BackboneGraphBuilder.PixelsInput, BackboneGraphBuilder.ScoreOutput, tensor, threads, spinning, Runs);
            var rawP50 = Stats.Percentile(raw, 50);
            var layout = $"{threads} thread{(threads > 1 ? "s" : "")}{(spinning ? "" : ", no spinning")}";
            Console.WriteLine($"    raw ORT {layout}: p50 {rawP50:0.00} ms, p99 {Stats.Percentile(raw, 99):0.00} ms");
            if (rawP50 < best.P50)
                best = (rawP50, Stats.Percentile(raw, 99), layout, threads, spinning);
        }

        results.Add(section, "PredictionEngine from saved zip, p50 / p99", $"{p50:0.00} ms / {p99:0.00} ms");
        results.Add(section, $"raw ORT batch 1 ({best.Layout}), p50 / p99", $"{best.P50:0.00} ms / {best.P99:0.00} ms");
        results.Add(section, "ImageClassifierPool from model.onnx, p50 / p99", $"{poolP50:0.00} ms / {Stats.Percentile(poolLatencies, 99):0.00} ms");
        results.Add(section, "PredictionEngine p50 / raw ORT p50", $"{p50 / best.P50:0.00}x");
        results.Add(section, "ImageClassifierPool (model.onnx) p50 / raw ORT p50", $"{poolP50 / best.P50:0.00}x", "<= 1.3x", poolP50 / best.P50 <= 1.3);

        // Like for like: raw ONNX Runtime also reading, decoding and resizing each photo, so the ratio shows what the
        // ML.NET pipeline itself adds (the strict ratio above also charges us for decoding, which raw ORT skips).
        var whole = RawOrt.EndToEndLatencies(state.ClassifierOnnx!, BackboneGraphBuilder.PixelsInput, BackboneGraphBuilder.ScoreOutput,
            featurizer.Preprocessing, paths, best.Threads, best.Spinning, Runs);
        var wholeP50 = Stats.Percentile(whole, 50);
        results.Add(section, $"raw ORT from the file (read + decode + resize + Run, {best.Layout}), p50 / p99",
            $"{wholeP50:0.00} ms / {Stats.Percentile(whole, 99):0.00} ms");
        results.Add(section, "PredictionEngine p50 / raw ORT-from-file p50 (what the ML.NET pipeline adds)", $"{p50 / wholeP50:0.00}x");
    }
}
