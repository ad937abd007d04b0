namespace MLNetTransfer.Onnx;

/// <summary>
/// A graph that declares a classifier's 'pixels' input and 'Score' output exactly as the classifier does (the same
/// records, the same opsets and metadata) but computes next to nothing: pooled pixels times zeros. ML.NET's ONNX
/// transformer opens an ONNX Runtime session over whatever graph it is given, even only to save it; over this one
/// that costs milliseconds instead of a backbone's graph optimisation (<see cref="Scoring.ScoringModelZip"/>).
/// </summary>
internal static class StandInClassifier
{
    public static byte[] For(byte[] classifier)
    {
        var document = OnnxModelDocument.Parse(classifier, "classifier graph");
        var input = document.Inputs.Single(r => r.Info.Name == BackboneGraphBuilder.PixelsInput);
        var output = document.Outputs.Single(r => r.Info.Name == BackboneGraphBuilder.ScoreOutput);
        if (input.Info.Rank != 4 || output.Info.Rank != 2 || output.Info.Dims[1] <= 0)
        {
            throw new InvalidDataException($"The classifier graph declares {input.Info} and {output.Info}; " +
                "a stand-in needs pixels [N,C,H,W] and Score [N,classes].");
        }

        var names = new UniqueNames([BackboneGraphBuilder.PixelsInput, BackboneGraphBuilder.ScoreOutput]);
        var emitter = new NodeEmitter(names, "standin");
        var pooled = emitter.Emit("GlobalAveragePool", [BackboneGraphBuilder.PixelsInput]);
        var flat = emitter.Emit("Flatten", [pooled], null, new OnnxAttribute.Int("axis", 1));
        var channels = input.Info.Dims[1] > 0 ? input.Info.Dims[1] : 3;
        var classes = output.Info.Dims[1];
        var zeros = emitter.FloatConstant("zeros", [channels, classes], new float[channels * classes]);
        emitter.Emit("MatMul", [flat, zeros], BackboneGraphBuilder.ScoreOutput);

        var graph = new ProtoBuffer();
        graph.WriteString(OnnxFields.Graph.Name, "stand-in");
        foreach (var node in emitter.Nodes)
            graph.WriteMessage(OnnxFields.Graph.Node, node);
        foreach (var constant in emitter.Constants)
            graph.WriteMessage(OnnxFields.Graph.Initializer, constant.Tensor);
        graph.WriteRaw(input.Raw);
        // Below IR 4 every initializer is also declared as a graph input.
        if (document.IrVersion < 4)
        {
            foreach (var constant in emitter.Constants)
                graph.WriteMessage(OnnxFields.Graph.Input, OnnxMessages.ValueInfo(constant.Name, constant.Type, constant.Dims.Select(OnnxDim.Fixed).ToArray()));
        }
        graph.WriteRaw(output.Raw);
        return ModelAssembly.WriteModel(document, graph, metadata: null);
    }
}
