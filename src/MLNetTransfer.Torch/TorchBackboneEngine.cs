using MLNetTransfer.Backbones;
using MLNetTransfer.Engines;
using MLNetTransfer.Featurization;
using MLNetTransfer.Torch.FineTuning;

namespace MLNetTransfer.Torch;

/// <summary>
/// The TorchSharp engine for <c>ImageClassificationTrainer.Options.Engine</c>: featurizes with
/// <see cref="TorchFeaturizer"/> and fine-tunes with <see cref="TorchFineTuner"/> on <see cref="TorchEngineOptions.Device"/>.
/// A missing libtorch or CUDA is a <see cref="TorchUnavailableException"/> saying what is missing; never a CPU fallback.
/// </summary>
public sealed class TorchBackboneEngine : IBackboneEngine
{
    /// <param name="options">Device and featurizing batch size.</param>
    /// <param name="fineTuneDefaults">
    /// Settings the trainer does not give (augmentation, cached views, backbone learning-rate factor); blocks, epochs,
    /// batch size, learning rate and seed come from each request.
    /// </param>
    public TorchBackboneEngine(TorchEngineOptions? options = null, FineTuneOptions? fineTuneDefaults = null)
    {
        Options = options ?? new TorchEngineOptions();
        FineTuneDefaults = fineTuneDefaults ?? new FineTuneOptions();
    }

    public TorchEngineOptions Options { get; }

    public FineTuneOptions FineTuneDefaults { get; }

    public string Name => $"TorchSharp ({Options.Device})";

    /// <summary>Throws <see cref="TorchUnavailableException"/> now unless libtorch loads and the device can be used.</summary>
    public void EnsureAvailable() => TorchRuntime.ResolveDevice(Options.Device);

    public float[] Featurize(byte[] backbone, BackboneSpec spec, float[] pixels, int count)
    {
        using var featurizer = new TorchFeaturizer(backbone, spec, Options);
        return featurizer.FeaturizePixels(pixels, count);
    }

    public BackboneFineTuneResult FineTune(BackboneFineTuneRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var tuner = new TorchFineTuner(request.Backbone, request.Spec, Options, request.Source);
        var options = FineTuneDefaults with
        {
            UnfrozenBlocks = request.UnfrozenBlocks,
            Epochs = request.Epochs,
            BatchSize = request.BatchSize,
            LearningRate = request.LearningRate,
            Seed = request.Seed,
        };
        var progress = request.Progress is not { } target ? null
            : new InlineProgress<FineTuneEpoch>(e => target.Report(new BackboneFineTuneEpoch(e.Epoch, e.CrossEntropy, e.Accuracy, e.Elapsed)));
        var result = tuner.Fit(request.Pixels, request.Labels, request.ClassCount, options, progress);
        return new BackboneFineTuneResult
        {
            Backbone = result.Backbone,
            HeadWeights = result.HeadWeights,
            HeadBias = result.HeadBias,
            FeatureCount = result.FeatureCount,
            TrainedInitializers = result.TrainedInitializers,
            Epochs = [.. result.Epochs.Select(e => new BackboneFineTuneEpoch(e.Epoch, e.CrossEntropy, e.Accuracy, e.Elapsed))],
        };
    }
}
