using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MLNetTransfer.Torch.Operators;

/// <summary>Elementwise activations.</summary>
internal static class ActivationOperators
{
    public static void Register(Dictionary<string, Func<OpContext, Tensor>> into)
    {
        into["Relu"] = c => F.relu(c.Input(0));
        into["LeakyRelu"] = c => F.leaky_relu(c.Input(0), c.Attributes.Float("alpha", 0.01f));
        into["Sigmoid"] = c => F.sigmoid(c.Input(0));
        into["Tanh"] = c => c.Input(0).tanh();
        into["HardSigmoid"] = c => (c.Input(0) * c.Attributes.Float("alpha", 0.2f) + c.Attributes.Float("beta", 0.5f)).clamp(0, 1);
        into["HardSwish"] = c => F.hardswish(c.Input(0));
        into["Clip"] = Clip;
        into["Softmax"] = Softmax;
    }

    // Opset 11 moved min/max from attributes to optional inputs.
    private static Tensor Clip(OpContext c)
    {
        float? min, max;
        if (c.Opset < 11)
        {
            min = c.Attributes.Float("min", float.NegativeInfinity);
            max = c.Attributes.Float("max", float.PositiveInfinity);
        }
        else
        {
            min = c.Optional(1) is null ? null : c.FloatValue(1);
            max = c.Optional(2) is null ? null : c.FloatValue(2);
        }

        var x = c.Input(0);
        return (min, max) switch
        {
            (null, null) => x.alias(),
            (null, { } hi) => x.clamp_max(hi),
            ({ } lo, null) => x.clamp_min(lo),
            ({ } lo, { } hi) => x.clamp(lo, hi),
        };
    }

    private static Tensor Softmax(OpContext c)
    {
        var x = c.Input(0);
        var axis = c.Attributes.Int("axis", c.Opset < 13 ? 1 : -1);
        if (c.Opset >= 13)
            return x.softmax(axis);
        // Before opset 13 Softmax flattened everything from axis on into one dimension.
        var start = axis < 0 ? axis + x.dim() : axis;
        return x.flatten(start).softmax(-1).reshape(x.shape);
    }
}
