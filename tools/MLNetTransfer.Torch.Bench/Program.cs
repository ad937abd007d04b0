// Prints the issue-6 figures: featurize throughput (TorchSharp engine vs ONNX Runtime CPU), fine-tuning time per
// epoch, and flowers-dev/val micro-accuracy of fine-tuning vs head-only, the classifier scored by ONNX Runtime.
// usage: MLNetTransfer.Torch.Bench <backbone.onnx> <flowers-dev folder> [device=cpu] [epochs=10] [blocks=4]
using System.Diagnostics;
using Microsoft.ML;
using MLNetTransfer.Backbones;
using MLNetTransfer.Featurization;
using MLNetTransfer.Torch;
using MLNetTransfer.Torch.Bench;
using MLNetTransfer.Torch.FineTuning;
using Microsoft.ML.OnnxRuntime;

var backbonePath = args[0];
var device = args.Length > 2 ? args[2] : "cpu";
var epochs = args.Length > 3 ? int.Parse(args[3]) : 10;
var blocks = args.Length > 4 ? int.Parse(args[4]) : 4;
var spec = BackboneSpec.Load(BackboneSpec.SidecarPathFor(backbonePath));
var backbone = File.ReadAllBytes(backbonePath);
var train = FlowerPixels.Load(Path.Combine(args[1], "train"), spec);
var val = FlowerPixels.Load(Path.Combine(args[1], "val"), spec);
Console.WriteLine($"device={device} train={train.Labels.Length} val={val.Labels.Length} classes={train.Classes.Length}");

const int batch = 32;
using (var featurizer = new TorchFeaturizer(backbone, spec, new TorchEngineOptions { Device = device, BatchSize = batch }))
    Console.WriteLine($"torch featurize ({featurizer.Device}, batch {batch}): {Throughput(n => featurizer.FeaturizePixels(val.Pixels, n), val.Labels.Length):F1} images/s");
using (var ort = new BottleneckFeaturizer(new MLContext(1), backbonePath, spec, new FeaturizerOptions { BatchSize = 8 }))
    Console.WriteLine($"onnx runtime cpu featurize (batch 8): {Throughput(n => FeaturizeInBatches(ort, val.Pixels, n, 8), val.Labels.Length):F1} images/s");

using var tuner = new TorchFineTuner(backbone, spec, new TorchEngineOptions { Device = device });
foreach (var (name, options) in new[]
{
    ("head-only (0 blocks, no augmentation)", new FineTuneOptions { UnfrozenBlocks = 0, Epochs = epochs, Augmentation = new() { Enabled = false } }),
    ($"fine-tune ({blocks} blocks, 4 augmented views)", new FineTuneOptions { UnfrozenBlocks = blocks, Epochs = epochs, AugmentedViews = 4 }),
})
{
    var result = tuner.Fit(train.Pixels, train.Labels, train.Classes.Length, options);
    var perEpoch = result.Epochs.Skip(1).Average(e => e.Elapsed.TotalSeconds);
    var accuracy = Accuracy(result.BuildClassifier(spec), val, spec);
    Console.WriteLine($"{name}: caching {result.CachingTime.TotalSeconds:F1} s, {perEpoch:F2} s/epoch, last train loss {result.Epochs[^1].CrossEntropy:F3}, " +
        $"val micro-accuracy {accuracy:P1} (ONNX Runtime on the exported classifier), trained initializers {result.TrainedInitializers.Count}");
}

static double Throughput(Action<int> run, int count)
{
    run(Math.Min(count, 32)); // warm-up: first-call allocations and kernel selection
    var clock = Stopwatch.StartNew();
    run(count);
    return count / clock.Elapsed.TotalSeconds;
}

static void FeaturizeInBatches(BottleneckFeaturizer ort, float[] pixels, int count, int size)
{
    var pixelCount = 3 * ort.Spec.Height * ort.Spec.Width;
    for (var start = 0; start < count; start += size)
    {
        var n = Math.Min(size, count - start);
        ort.FeaturizePixels(pixels.AsSpan(start * pixelCount, n * pixelCount).ToArray(), n);
    }
}

static double Accuracy(byte[] classifier, FlowerPixels set, BackboneSpec spec)
{
    using var session = new InferenceSession(classifier);
    var pixelCount = set.Pixels.Length / set.Labels.Length;
    var correct = 0;
    for (var start = 0; start < set.Labels.Length; start += 50)
    {
        var n = Math.Min(50, set.Labels.Length - start);
        using var input = OrtValue.CreateTensorValueFromMemory(set.Pixels.AsSpan(start * pixelCount, n * pixelCount).ToArray(), [n, 3, spec.Height, spec.Width]);
        using var output = session.Run(new RunOptions(), ["pixels"], [input], ["Score"]);
        var scores = output[0].GetTensorDataAsSpan<float>().ToArray();
        var classes = scores.Length / n;
        for (var i = 0; i < n; i++)
        {
            var row = scores.AsSpan(i * classes, classes);
            if (row.IndexOf(MaxOf(row)) == set.Labels[start + i]) correct++;
        }
    }

    return (double)correct / set.Labels.Length;
}

static float MaxOf(Span<float> row)
{
    var max = float.MinValue;
    foreach (var v in row) max = Math.Max(max, v);
    return max;
}
