using MLNetTransfer.Backbones;

namespace MLNetTransfer.Engines;

/// <summary>
/// Something other than ONNX Runtime that runs a backbone for <c>ImageClassificationTrainer</c>: featurizes pixel
/// tensors (head-only training) or fine-tunes the backbone's top blocks. The core library only knows this seam, so
/// it keeps working where the engine's native libraries (e.g. libtorch) cannot load; MLNetTransfer.Torch's
/// <c>TorchBackboneEngine</c> implements it. Pixels are what <c>ImagePreprocessing.Extract</c> writes: planar RGB,
/// raw 0..255 floats, 3 x Height x Width per image. The saved model always runs on ONNX Runtime.
/// </summary>
public interface IBackboneEngine
{
    /// <summary>What runs the backbone, for messages and metrics, e.g. "TorchSharp (cuda:0)".</summary>
    string Name { get; }

    /// <summary>Features of <paramref name="count"/> images, [count, D] row-major, as <c>BottleneckFeaturizer.FeaturizePixels</c> computes them.</summary>
    float[] Featurize(byte[] backbone, BackboneSpec spec, float[] pixels, int count);

    /// <summary>Trains a softmax head and the backbone's top <see cref="BackboneFineTuneRequest.UnfrozenBlocks"/> blocks.</summary>
    BackboneFineTuneResult FineTune(BackboneFineTuneRequest request);
}
