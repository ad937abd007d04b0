using MLNetTransfer.Onnx;
using static TorchSharp.torch;

namespace MLNetTransfer.Torch.Operators;

/// <summary>Turns decoded ONNX tensors into torch tensors: floats on the engine's device, integers on the CPU.</summary>
internal static class TensorFactory
{
    public static Tensor Create(OnnxTensorData data, Device device) => data.Floats is { } floats
        ? tensor(floats, data.Dims, ScalarType.Float32, device)
        : tensor(data.Int64s!, data.Dims, ScalarType.Int64, CPU);
}
