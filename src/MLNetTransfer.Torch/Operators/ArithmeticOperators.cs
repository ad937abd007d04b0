using static TorchSharp.torch;

namespace MLNetTransfer.Torch.Operators;

/// <summary>Broadcasting Add/Mul/Sub/Div, for float activations and for the int64 arithmetic of shape computations.</summary>
internal static class ArithmeticOperators
{
    public static void Register(Dictionary<string, Func<OpContext, Tensor>> into)
    {
        into["Add"] = c => Binary(c, (a, b) => a + b);
        into["Sub"] = c => Binary(c, (a, b) => a - b);
        into["Mul"] = c => Binary(c, (a, b) => a * b);
        into["Div"] = c => Binary(c, (a, b) => a.is_floating_point() ? a / b : a.div(b, RoundingMode.trunc));
    }

    // Shape arithmetic stays on the CPU; an activation combined with a CPU constant moves the constant over.
    private static Tensor Binary(OpContext c, Func<Tensor, Tensor, Tensor> op)
    {
        var a = c.Input(0);
        var b = c.Input(1);
        if (a.device.type != b.device.type || a.device.index != b.device.index)
        {
            if (a.numel() >= b.numel()) b = b.to(a.device);
            else a = a.to(b.device);
        }

        if (a.dtype != b.dtype)
        {
            var type = a.is_floating_point() ? a.dtype : b.dtype;
            a = a.to_type(type);
            b = b.to_type(type);
        }

        return op(a, b);
    }
}
