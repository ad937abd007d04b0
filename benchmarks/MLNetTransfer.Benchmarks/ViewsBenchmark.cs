using System.Diagnostics;
using Microsoft.ML;
using MLNetTransfer.Featurization;
using MLNetTransfer.Prediction;
using MLNetTransfer.Runtime;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Benchmarks;

/// <summary>
/// Section views: flowers-dev/val accuracy of MobileNet v1 0.75 heads trained on flowers-dev/train (no validation set
/// given, so the trainer's 10 % split chooses the epoch count) with 1, 2, 4 and 6 training views, with and without the
/// refit on all photos, each scored with 1, 2 and 4 test-time views, beside the stock pipeline (LbfgsMaximumEntropy on
/// all 600 photos). Every training runs with the bottleneck cache off, so its time includes featurizing each view.
/// </summary>
internal static class ViewsBenchmark
{
    private const string Section = "views";
    private static readonly int[] TrainingViews = [1, 2, 4, 6];
    private static readonly int[] TestViews = [1, 2, 4];

    public static void Run(BenchmarkSettings settings, Results results)
    {
        Console.WriteLine();
        Console.WriteLine("== views: training views, test-time views and the refit on all photos, MobileNet v1 0.75, flowers-dev/train -> val");
        var ml = new MLContext(seed: 1);
        var train = ResNet18Benchmark.Load(ml, settings.Shared.FlowersTrain);
        var toKey = ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label").Fit(train);
        train = toKey.Transform(train);
        var valPhotos = ImageFolderPhotos(settings.Shared.FlowersVal);

        var stockClock = Stopwatch.StartNew();
        var stock = Stock.Features(ml, settings.Shared.ModelPath)
            .Append(ml.Transforms.CopyColumns("Features", "features"))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy("LabelKey", "Features"))
            .Fit(train);
        var stockTime = stockClock.Elapsed;
        var validation = toKey.Transform(ResNet18Benchmark.Load(ml, settings.Shared.FlowersVal));
        var stockAccuracy = ml.MulticlassClassification.Evaluate(stock.Transform(validation), "LabelKey").MicroAccuracy;
        (stock as IDisposable)?.Dispose();
        Console.WriteLine($"    stock featurize + LbfgsMaximumEntropy (all 600 photos): {stockAccuracy:0.000} in {stockTime.TotalSeconds:0.0} s");

        var best = (Accuracy: 0.0, Name: "");
        var losses = new List<string>();
        foreach (var refit in new[] { false, true })
        {
            foreach (var views in TrainingViews)
            {
                var clock = Stopwatch.StartNew();
                var model = Train(ml, settings, train, views, refit);
                var time = clock.Elapsed;
                var onnx = Path.Combine(settings.WorkDirectory, $"views-{views}-refit-{refit}.onnx");
                model.ExportOnnx(onnx);
                var accuracies = TestViews.Select(t => Score(onnx, t, valPhotos)).ToArray();
                var name = $"train views {views}{(refit ? " + refit" : "")}";
                Console.WriteLine($"    {name}: best epoch {model.Training.BestEpoch + 1}, split val {model.Validation!.MicroAccuracy:0.000}" +
                    (model.Training.EarlyStoppingFallback is { } f ? $" ({f})" : "") + (model.Refit is { } r ? $"; {r.Note}" : ""));
                results.Add(Section, $"{name}: val accuracy with {string.Join(" / ", TestViews)} test-time views; train time",
                    $"{string.Join(" / ", accuracies.Select(a => a.Accuracy.ToString("0.000")))}; {time.TotalSeconds:0.0} s " +
                    $"(featurize {model.Timings.Featurize.TotalSeconds:0.0} s, {string.Join(" / ", accuracies.Select(a => a.MsPerPhoto.ToString("0.0")))} ms per val photo)");
                for (var i = 0; i < TestViews.Length; i++)
                {
                    if (accuracies[i].Accuracy > best.Accuracy)
                        best = (accuracies[i].Accuracy, $"{name}, {TestViews[i]} test-time view(s)");
                    if (accuracies[i].Accuracy < stockAccuracy)
                        losses.Add($"{name}, {TestViews[i]} test-time view(s)");
                }
            }
        }
        results.Add(Section, $"stock featurize + LbfgsMaximumEntropy (all 600 photos): val accuracy; train time", $"{stockAccuracy:0.000}; {stockTime.TotalSeconds:0.0} s");
        results.Add(Section, $"best of ours: {best.Name}", $"{best.Accuracy:0.000}", ">= 0.870", best.Accuracy >= 0.87);
        results.Add(Section, "rows below stock", losses.Count == 0 ? "none" : string.Join("; ", losses), "none", losses.Count == 0);
    }

    private static ImageClassificationModel Train(MLContext ml, BenchmarkSettings settings, IDataView train, int views, bool refit)
    {
        var options = new ImageClassificationTrainer.Options
        {
            FeatureColumnName = "ImagePath",
            LabelColumnName = "LabelKey",
            BackbonePath = settings.Shared.ModelPath,
            Seed = 1,
            Views = views,
            RefitOnAllData = refit,
            Featurizer = new FeaturizerOptions { UseCache = false },
        };
        return new ImageClassificationTrainer(ml, options).Train(train);
    }

    /// <summary>Micro-accuracy of the exported classifier on the photos, averaging <paramref name="testViews"/> views each.</summary>
    private static (double Accuracy, double MsPerPhoto) Score(string onnx, int testViews, IReadOnlyList<(string Path, string Label)> photos)
    {
        var pool = ImageClassifierPool.Load(onnx, ExecutionDevice.Cpu, testViews);
        var clock = Stopwatch.StartNew();
        var correct = photos.Count(p => pool.PredictFile(p.Path).PredictedLabel == p.Label);
        return ((double)correct / photos.Count, clock.Elapsed.TotalMilliseconds / photos.Count);
    }

    private static IReadOnlyList<(string Path, string Label)> ImageFolderPhotos(string folder) =>
        MLNetTransfer.Data.ImageFolderDataset.Scan(folder).Images.Select(i => (i.ImagePath, i.Label)).ToArray();
}
