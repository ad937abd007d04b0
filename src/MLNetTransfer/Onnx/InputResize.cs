namespace MLNetTransfer.Onnx;

/// <summary>
/// Feeds a feature extractor from a pixel tensor of another size: "pixels" becomes float32 [N,3,H,W] and an ONNX
/// Resize (linear, half_pixel, no antialiasing) makes the [N,3,h,w] the extractor was built for. Concatenated backbones
/// of different input sizes use it: the saved model computes one pixel tensor at the largest size, and a smaller backbone
/// sees that tensor resized by this node both in training (its featurizer runs this graph) and in the app.
/// </summary>
internal static class InputResize
{
    /// <summary>Resize with a "sizes" input exists from opset 11.</summary>
    public const long MinimumOpset = 11;

    /// <summary>What the resize does, for the bottleneck cache key: change it if the node changes.</summary>
    public const string Method = "onnx-resize-linear-half_pixel";

    /// <summary>The extractor of <paramref name="extractor"/> reading "pixels" at <paramref name="height"/> x <paramref name="width"/>.</summary>
    public static byte[] Prepend(byte[] extractor, int height, int width, string source)
    {
        var document = OnnxModelDocument.Parse(extractor, source);
        CheckOpset(document.DefaultOpsetVersion, source);
        var pixels = BackboneGraphBuilder.PixelsInput;
        var declared = document.Inputs.First(r => r.Info.Name == pixels);
        var names = new UniqueNames(ReservedNames.AllNames(document));
        var resized = names.Make("mlnt/resize/pixels");
        var renames = new TensorRenames();
        renames.Add(pixels, resized);

        // sizes = [N, 3, h, w], N read from the input so any batch works: Shape → Slice [0:1] → Concat with [3, h, w].
        var emitter = new NodeEmitter(names, "mlnt/resize");
        var (toHeight, toWidth) = (declared.Info.Dims[2], declared.Info.Dims[3]);
        var shape = emitter.Emit("Shape", [pixels]);
        var batch = emitter.Emit("Slice", [shape, emitter.Int64Constant("batch_start", [1], [0]), emitter.Int64Constant("batch_end", [1], [1])]);
        var sizes = emitter.Emit("Concat", [batch, emitter.Int64Constant("chw", [3], [3, toHeight, toWidth])], null, new OnnxAttribute.Int("axis", 0));
        // Opset 11 requires roi and scales as inputs even when sizes decide: empty tensors say "not used".
        emitter.Emit("Resize", [pixels, emitter.FloatConstant("roi", [0], []), emitter.FloatConstant("scales", [0], []), sizes], resized,
            new OnnxAttribute.Text("mode", "linear"), new OnnxAttribute.Text("coordinate_transformation_mode", "half_pixel"));

        var graph = new ProtoBuffer();
        foreach (var field in document.GraphFields)
            graph.WriteRaw(field.Raw);
        foreach (var node in emitter.Nodes)
            graph.WriteMessage(OnnxFields.Graph.Node, node);
        foreach (var node in document.Nodes)
            renames.WriteNode(graph, node);
        foreach (var tensor in document.Initializers)
            graph.WriteRaw(tensor.Raw);
        foreach (var constant in emitter.Constants)
            graph.WriteMessage(OnnxFields.Graph.Initializer, constant.Tensor);
        var batchDim = declared.Info.Dims[0] > 0 ? OnnxDim.Fixed(declared.Info.Dims[0]) : OnnxDim.Symbolic("N");
        graph.WriteMessage(OnnxFields.Graph.Input, OnnxMessages.ValueInfo(pixels, OnnxElementType.Float,
            [batchDim, OnnxDim.Fixed(3), OnnxDim.Fixed(height), OnnxDim.Fixed(width)]));
        foreach (var input in document.Inputs.Where(r => r.Info.Name != pixels))
            graph.WriteRaw(input.Raw);
        foreach (var output in document.Outputs)
            graph.WriteRaw(output.Raw);
        foreach (var record in document.ValueInfos)
            graph.WriteRaw(record.Raw);
        return ModelAssembly.WriteModel(document, graph, metadata: null);
    }

    /// <summary>Refuses a backbone whose opset has no Resize with sizes, naming it.</summary>
    public static void CheckOpset(long opset, string source)
    {
        if (opset < MinimumOpset)
            throw new InvalidDataException(
                $"Backbone '{source}' is declared at opset {opset}; feeding it a larger pixel tensor resized inside the graph needs Resize " +
                $"from opset {MinimumOpset}. Concatenate it only with backbones of its own input size.");
    }
}
