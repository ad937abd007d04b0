namespace MLNetTransfer.Vision;

/// <summary>The arithmetic the backbone runs in, in training and in the saved model.</summary>
public enum BackbonePrecision
{
    /// <summary>The backbone as it is (float32 for the usual ONNX backbones).</summary>
    Float32,

    /// <summary>
    /// Post-training static int8 quantization, calibrated on a sample of the training images: weights per output
    /// channel, activations per tensor; about twice as fast on CPUs with int8 dot products (AVX-512 VNNI, AVX-VNNI, ARM dot product).
    /// </summary>
    Int8,
}
