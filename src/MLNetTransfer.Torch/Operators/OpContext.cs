using MLNetTransfer.Onnx;
using MLNetTransfer.Torch.Graph;
using static TorchSharp.torch;

namespace MLNetTransfer.Torch.Operators;

/// <summary>What an operator sees: its node, its input tensors (null for an omitted optional input) and the opset.</summary>
internal sealed class OpContext(GraphNode node, Tensor?[] inputs, long opset, Device device)
{
    public GraphNode Node { get; } = node;

    public long Opset { get; } = opset;

    /// <summary>Where float tensors live; integer (shape) tensors stay on the CPU.</summary>
    public Device Device { get; } = device;

    public NodeAttributes Attributes => Node.Attributes;

    public int InputCount => inputs.Length;

    public Tensor Input(int index) =>
        index < inputs.Length && inputs[index] is { } t ? t : throw Fail($"needs input {index}, which is missing");

    public Tensor? Optional(int index) => index < inputs.Length ? inputs[index] : null;

    /// <summary>Integer values of a (small) shape-like input, read on the CPU.</summary>
    public long[] Int64Values(int index)
    {
        using var cpu = Input(index).to(ScalarType.Int64, CPU);
        return cpu.data<long>().ToArray();
    }

    public float FloatValue(int index)
    {
        using var cpu = Input(index).to(ScalarType.Float32, CPU);
        return cpu.data<float>()[0];
    }

    public InvalidDataException Fail(string why) => new($"{Node.Describe()} {why}.");
}
