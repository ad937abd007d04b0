using System.Diagnostics;
using Microsoft.ML;
using MLNetTransfer.Backbones;
using MLNetTransfer.Featurization;
using MLNetTransfer.Prediction;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Benchmarks;

/// <summary>
/// Section int8: Precision = Int8 against Float32 for MobileNet v1 0.75 and the embedded ResNet18, side by side from
/// one run: a model trained each way on flowers-dev/train (its val accuracy), featurizing throughput of the two
/// backbones on the same photos (alternating rounds, median), and single-image latency of each exported model.onnx
/// through ImageClassifierPool.
/// </summary>
internal static class Int8Benchmark
{
    private const string Section = "int8";

    public static void Run(BenchmarkSettings settings, Results results)
    {
        var paths = settings.Shared.AllImages().Take(settings.Images).ToArray();
        Console.WriteLine();
        Console.WriteLine($"== int8: Precision Int8 vs Float32, {paths.Length} flowers-dev JPEGs for throughput, flowers-dev/val for accuracy and latency");
        var resnet = BackboneCatalog.ResNet18;
        Compare(settings, results, "MobileNet v1 0.75", settings.Shared.ModelPath, BackboneSpec.Load(settings.Shared.SpecPath), paths);
        Compare(settings, results, "ResNet18", new BackboneDownloader().EnsureAsync(resnet).GetAwaiter().GetResult(), resnet.Spec, paths);
    }

    private static void Compare(BenchmarkSettings settings, Results results, string name, string backbonePath, BackboneSpec spec, string[] paths)
    {
        Console.WriteLine($"  -- {name}");
        var ml = new MLContext(seed: 1);
        var train = ResNet18Benchmark.Load(ml, settings.Shared.FlowersTrain);
        var validation = ResNet18Benchmark.Load(ml, settings.Shared.FlowersVal);
        var toKey = ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label").Fit(train);
        (train, validation) = (toKey.Transform(train), toKey.Transform(validation));

        var clock = Stopwatch.StartNew();
        var floatModel = Train(ml, settings, backbonePath, spec, BackbonePrecision.Float32, train, validation);
        var floatTrainTime = clock.Elapsed;
        clock.Restart();
        var int8Model = Train(ml, settings, backbonePath, spec, BackbonePrecision.Int8, train, validation);
        var int8TrainTime = clock.Elapsed;
        var report = int8Model.Precision!;
        Console.WriteLine($"    {report.Note}");
        Console.WriteLine($"    train + validate: float32 {floatTrainTime.TotalSeconds:0.0} s, int8 {int8TrainTime.TotalSeconds:0.0} s " +
            $"(includes quantizing: {int8Model.Timings.ResolveBackbone.TotalSeconds:0.0} s, and featurizing val once more in float32)");

        var (floatRate, int8Rate, floatBackbone, int8Backbone) = Throughput(settings, backbonePath, spec, report.BackbonePath, int8Model.BackboneSpec, paths);
        results.Add(Section, $"{name}: featurize float32 / int8 (JPEG files in), median of {settings.Rounds}", $"{floatRate:0} / {int8Rate:0} img/s");
        results.Add(Section, $"{name}: featurize int8 / float32", $"{int8Rate / floatRate:0.00}x", ">= 1.7x", int8Rate / floatRate >= 1.7);
        results.Add(Section, $"{name}: backbone only (decoded pixels in) float32 / int8", $"{floatBackbone:0} / {int8Backbone:0} img/s");
        results.Add(Section, $"{name}: backbone only int8 / float32", $"{int8Backbone / floatBackbone:0.00}x");

        var (floatP50, int8P50) = Latency(settings, floatModel, int8Model, name);
        results.Add(Section, $"{name}: ImageClassifierPool p50 float32 / int8", $"{floatP50:0.00} / {int8P50:0.00} ms");
        results.Add(Section, $"{name}: prediction p50 float32 / int8", $"{floatP50 / int8P50:0.00}x", ">= 1.5x", floatP50 / int8P50 >= 1.5);

        var floatAccuracy = floatModel.Validation!.MicroAccuracy;
        var int8Accuracy = int8Model.Validation!.MicroAccuracy;
        results.Add(Section, $"{name}: val accuracy float32 / int8 (each its own head)", $"{floatAccuracy:0.000} / {int8Accuracy:0.000}");
        results.Add(Section, $"{name}: val accuracy int8 - float32", $"{(int8Accuracy - floatAccuracy) * 100:+0.0;-0.0;0.0} points",
            ">= -1 point", int8Accuracy - floatAccuracy >= -0.01);
        results.Add(Section, $"{name}: val accuracy of the int8 head on float32 / int8 features (metrics.json)",
            $"{report.Float32Accuracy:0.000} / {report.Int8Accuracy:0.000}");
    }

    private static ImageClassificationModel Train(MLContext ml, BenchmarkSettings settings, string backbonePath, BackboneSpec spec,
        BackbonePrecision precision, IDataView train, IDataView validation)
    {
        var options = new ImageClassificationTrainer.Options
        {
            FeatureColumnName = "ImagePath",
            LabelColumnName = "LabelKey",
            BackbonePath = backbonePath,
            BackboneSpec = spec,
            Precision = precision,
            Seed = 1,
            // A fresh cache of int8 backbones, so the run times the quantizing too.
            Download = new BackboneDownloadOptions { CacheDirectory = Path.Combine(settings.WorkDirectory, $"int8-models-{Guid.NewGuid():N}") },
            Featurizer = new FeaturizerOptions { UseCache = false },
        };
        return new ImageClassificationTrainer(ml, options).Train(train, validation);
    }

    private static (double Float, double Int8, double FloatBackbone, double Int8Backbone) Throughput(BenchmarkSettings settings, string floatPath, BackboneSpec floatSpec,
        string int8Path, BackboneSpec int8Spec, string[] paths)
    {
        var inputs = paths.Select((p, i) => ImageInput.FromFile(i, p)).ToArray();
        using var floats = new BottleneckFeaturizer(new MLContext(seed: 1), floatPath, floatSpec, new FeaturizerOptions { UseCache = false });
        using var int8 = new BottleneckFeaturizer(new MLContext(seed: 1), int8Path, int8Spec, new FeaturizerOptions { UseCache = false });
        floats.Featurize(inputs.Take(16));
        int8.Featurize(inputs.Take(16));
        var (floatRates, int8Rates) = (new List<double>(), new List<double>());
        for (var round = 1; round <= settings.Rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            var count = floats.Featurize(inputs).Count;
            floatRates.Add(count / clock.Elapsed.TotalSeconds);
            clock.Restart();
            count = int8.Featurize(inputs).Count;
            int8Rates.Add(count / clock.Elapsed.TotalSeconds);
            Console.WriteLine($"    round {round}: float32 {floatRates[^1]:0.0} img/s, int8 {int8Rates[^1]:0.0} img/s ({count} images)");
        }

        // The backbone alone, on pixels decoded beforehand: what int8 changes, without the JPEG decoding it leaves as it is.
        var pixels = RawOrt.Decode(floats, paths.Take(Math.Min(paths.Length, 128)).ToArray());
        var (floatOnly, int8Only) = (new List<double>(), new List<double>());
        for (var round = 1; round <= settings.Rounds; round++)
        {
            floatOnly.Add(BackboneOnly(floats, pixels));
            int8Only.Add(BackboneOnly(int8, pixels));
            Console.WriteLine($"    round {round}, backbone only: float32 {floatOnly[^1]:0.0} img/s, int8 {int8Only[^1]:0.0} img/s");
        }

        return (Stats.Median(floatRates), Stats.Median(int8Rates), Stats.Median(floatOnly), Stats.Median(int8Only));
    }

    /// <summary>Images per second of FeaturizePixels, one image per call on every core at once, as featurizing runs it.</summary>
    private static double BackboneOnly(BottleneckFeaturizer featurizer, float[] pixels)
    {
        var pixelCount = featurizer.Preprocessing.PixelCount;
        var count = pixels.Length / pixelCount;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => featurizer.FeaturizePixels(pixels.AsSpan(i * pixelCount, pixelCount).ToArray(), 1));
        return count / clock.Elapsed.TotalSeconds;
    }

    private static (double Float, double Int8) Latency(BenchmarkSettings settings, ImageClassificationModel floatModel, ImageClassificationModel int8Model, string name)
    {
        var paths = SharedData.Photos(settings.Shared.FlowersVal).ToArray();
        var stem = Path.Combine(settings.WorkDirectory, name.Replace(' ', '-').Replace('.', '_'));
        floatModel.ExportOnnx(stem + "-float32.onnx");
        int8Model.ExportOnnx(stem + "-int8.onnx");
        var floatPool = ImageClassifierPool.Load(stem + "-float32.onnx");
        var int8Pool = ImageClassifierPool.Load(stem + "-int8.onnx");
        // Interleaved, one photo through each model in turn, so a change in the machine's load hits both alike.
        var (floatTimes, int8Times) = (new List<double>(), new List<double>());
        PredictBenchmark.Latencies(paths, p =>
        {
            var clock = Stopwatch.StartNew();
            var scores = floatPool.PredictFile(p).Scores;
            floatTimes.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            scores = int8Pool.PredictFile(p).Scores;
            int8Times.Add(clock.Elapsed.TotalMilliseconds);
            return scores;
        });
        // The first 20 calls of Latencies are its warm-up.
        var floatP50 = Stats.Percentile(floatTimes.Skip(20).ToArray(), 50);
        var int8P50 = Stats.Percentile(int8Times.Skip(20).ToArray(), 50);
        Console.WriteLine($"    model.onnx sizes: float32 {Stats.Mb(new FileInfo(stem + "-float32.onnx").Length)}, int8 {Stats.Mb(new FileInfo(stem + "-int8.onnx").Length)}");
        return (floatP50, int8P50);
    }

}
