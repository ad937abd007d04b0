namespace MLNetTransfer.Onnx;

/// <summary>Graph walking on a read model, for tools that guess specs (e.g. the CLI's 'backbones info').</summary>
internal static class OnnxModelInfoGraph
{
    /// <summary>The first input of the node that computes <paramref name="tensor"/>; null for inputs, initializers and unknown names.</summary>
    public static string? ProducerFirstInput(this OnnxModelInfo model, string tensor)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.FindProducerFirstInput(tensor);
    }
}
