using System.Diagnostics;
using MLNetTransfer.Backbones;
using MLNetTransfer.Onnx;
using MLNetTransfer.Torch.FineTuning;
using MLNetTransfer.Torch.Graph;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MLNetTransfer.Torch;

/// <summary>
/// Trains a softmax head on a backbone, optionally fine-tuning its top blocks, with libtorch on the CPU or a GPU.
/// BatchNormalization stays in inference mode (frozen statistics). The frozen part runs once per cached view
/// (see <see cref="BoundaryCache"/>); each epoch runs only the unfrozen part and the head. The result carries the
/// backbone ONNX with the trained weights written back, so ONNX Runtime runs the fine-tuned model everywhere.
/// </summary>
public sealed class TorchFineTuner : IDisposable
{
    private readonly byte[] _backbone;
    private readonly string _source;
    private readonly OnnxGraph _graph;
    private readonly Device _device;

    public TorchFineTuner(byte[] backbone, BackboneSpec spec, TorchEngineOptions? options = null, string source = "<backbone>")
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(spec);
        _backbone = backbone;
        _source = source;
        Spec = spec;
        Options = options ?? new TorchEngineOptions();
        _graph = OnnxGraph.Read(BackboneGraphBuilder.BuildFeatureExtractor(backbone, spec, source), source);
        _device = TorchRuntime.ResolveDevice(Options.Device);
    }

    public BackboneSpec Spec { get; }

    public TorchEngineOptions Options { get; }

    /// <summary>The most blocks that can be unfrozen: the backbone's parameterized layers.</summary>
    public int LayerCount => BlockSplit.Plan(_graph, 0, BackboneGraphBuilder.FeaturesOutput).LayerCount;

    /// <param name="pixels">Planar RGB 0..255 floats, 3 x Height x Width per image (as <c>ImagePreprocessing.Extract</c> writes them).</param>
    /// <param name="labels">Class index 0..classCount-1 per image.</param>
    /// <param name="classCount">Number of classes of the head.</param>
    /// <param name="options">Blocks to unfreeze, epochs, learning rates, augmentation; defaults when null.</param>
    /// <param name="progress">Told after every epoch.</param>
    public FineTuneResult Fit(float[] pixels, int[] labels, int classCount, FineTuneOptions? options = null, IProgress<FineTuneEpoch>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        options ??= new FineTuneOptions();
        options.Validate();
        var pixelCount = 3 * Spec.Height * Spec.Width;
        if (pixels.Length != (long)labels.Length * pixelCount)
            throw new ArgumentException($"{labels.Length} labels need {(long)labels.Length * pixelCount} pixel floats; {pixels.Length} were given.", nameof(pixels));
        if (classCount < 2 || labels.Any(l => l < 0 || l >= classCount))
            throw new ArgumentException($"Labels must be class indices 0..{classCount - 1} with at least two classes.", nameof(labels));

        manual_seed(options.Seed);
        var split = BlockSplit.Plan(_graph, options.UnfrozenBlocks, BackboneGraphBuilder.FeaturesOutput);
        using var graph = new TorchGraph(_graph, _device);
        graph.MakeTrainable(split.Trainable);

        var clock = Stopwatch.StartNew();
        var views = options.Augmentation.Enabled ? options.AugmentedViews : 1;
        using var cache = BoundaryCache.Build(graph, split, pixels, labels.Length, Spec.Height, Spec.Width, views,
            new PixelAugmenter(options.Augmentation, options.Seed), Math.Max(options.BatchSize, Options.BatchSize));
        var cachingTime = clock.Elapsed;

        var featureCount = FeatureCount(graph, split, cache);
        using var weights = new TorchSharp.Modules.Parameter(zeros(classCount, featureCount, device: _device), requires_grad: true);
        using var bias = new TorchSharp.Modules.Parameter(zeros(classCount, device: _device), requires_grad: true);
        using var headOptimizer = optim.Adam([weights, bias], options.LearningRate);
        using var backboneOptimizer = graph.Trainable.Count == 0 || options.BackboneLearningRateFactor == 0 ? null
            : optim.Adam(graph.Trainable.Values, options.LearningRate * options.BackboneLearningRateFactor);
        using var labelTensor = tensor(labels.Select(l => (long)l).ToArray(), [labels.Length], ScalarType.Int64, _device);

        var random = new Random(options.Seed);
        var epochs = new List<FineTuneEpoch>();
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            clock.Restart();
            var order = Enumerable.Range(0, labels.Length).Select(i => (long)i).OrderBy(_ => random.Next()).ToArray();
            double lossSum = 0, correct = 0;
            for (var start = 0; start < order.Length; start += options.BatchSize)
            {
                using var scope = NewDisposeScope();
                var images = order.Skip(start).Take(options.BatchSize).ToArray();
                var chosen = images.Select(_ => (long)random.Next(views)).ToArray();
                var feeds = cache.Select(images, chosen);
                var features = split.Unfrozen.Count == 0 ? feeds[split.Boundary[0]]
                    : graph.Run(feeds, split.Unfrozen, [BackboneGraphBuilder.FeaturesOutput])[BackboneGraphBuilder.FeaturesOutput];
                var logits = features.matmul(weights.t()) + bias;
                using var index = tensor(images, [images.Length], ScalarType.Int64, _device);
                var target = labelTensor.index_select(0, index);
                var loss = F.cross_entropy(logits, target);

                headOptimizer.zero_grad();
                backboneOptimizer?.zero_grad();
                loss.backward();
                headOptimizer.step();
                backboneOptimizer?.step();

                lossSum += loss.item<float>() * images.Length;
                correct += logits.argmax(1).eq(target).sum().item<long>();
            }

            var record = new FineTuneEpoch(epoch, lossSum / labels.Length, correct / labels.Length, clock.Elapsed);
            epochs.Add(record);
            progress?.Report(record);
        }

        var trained = graph.TrainedValues();
        return new FineTuneResult
        {
            Backbone = trained.Count == 0 ? _backbone : OnnxInitializerUpdate.Replace(_backbone, trained, _source),
            HeadWeights = ToArray(weights),
            HeadBias = ToArray(bias),
            ClassCount = classCount,
            FeatureCount = featureCount,
            TrainedInitializers = [.. trained.Keys],
            Boundary = split.Boundary,
            CachingTime = cachingTime,
            Epochs = epochs,
        };
    }

    // D of the features, from one cached row run through the unfrozen part.
    private static int FeatureCount(TorchGraph graph, BlockSplit split, BoundaryCache cache)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var feeds = cache.Select([0], [0]);
        var features = split.Unfrozen.Count == 0 ? feeds[split.Boundary[0]]
            : graph.Run(feeds, split.Unfrozen, [BackboneGraphBuilder.FeaturesOutput])[BackboneGraphBuilder.FeaturesOutput];
        return (int)features.shape[1];
    }

    private static float[] ToArray(Tensor t)
    {
        using var cpu = t.detach().cpu();
        return cpu.data<float>().ToArray();
    }

    public void Dispose()
    {
    }
}
