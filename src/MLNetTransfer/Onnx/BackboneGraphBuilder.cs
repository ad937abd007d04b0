using MLNetTransfer.Backbones;

namespace MLNetTransfer.Onnx;

/// <summary>
/// Turns a backbone ONNX model into a feature extractor or a complete classifier: a new "pixels" input
/// (float32 [N,3,H,W], RGB, raw 0..255), the spec's preprocessing, the part of the backbone that computes the
/// features tensor, then "features" and optionally a softmax head ("Score"). Everything else is pruned; records
/// kept from the backbone are copied byte for byte.
/// </summary>
internal static class BackboneGraphBuilder
{
    public const string PixelsInput = "pixels";
    public const string FeaturesOutput = "features";
    public const string ScoreOutput = "Score";

    public static byte[] BuildFeatureExtractor(byte[] backbone, BackboneSpec spec, string source) =>
        Build(Parse(backbone, spec, source), spec, source, head: null, includeFeatures: true, metadata: null);

    /// <summary>The feature extractor of a resolved backbone, on the model it parsed once.</summary>
    internal static byte[] BuildFeatureExtractorFor(ResolvedBackbone backbone) =>
        Build((backbone.Document, backbone.Info), Validated(backbone.Spec, backbone.Path), backbone.Path, head: null, includeFeatures: true, metadata: null);

    public static byte[] BuildClassifier(byte[] backbone, BackboneSpec spec, float[] weights, float[] bias, int classCount, string source,
        bool includeFeatures = false, IReadOnlyDictionary<string, string>? metadata = null) =>
        Build(Parse(backbone, spec, source), spec, source, NewHead(weights, bias, classCount), includeFeatures, metadata);

    /// <summary>The classifier on a resolved backbone, on the model it parsed once.</summary>
    internal static byte[] BuildClassifierFor(ResolvedBackbone backbone, float[] weights, float[] bias, int classCount,
        IReadOnlyDictionary<string, string>? metadata = null) =>
        Build((backbone.Document, backbone.Info), Validated(backbone.Spec, backbone.Path), backbone.Path, NewHead(weights, bias, classCount),
            includeFeatures: false, metadata);

    private static Head NewHead(float[] weights, float[] bias, int classCount)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        if (classCount <= 0)
            throw new ArgumentOutOfRangeException(nameof(classCount), classCount, "A classifier needs at least one class.");
        if (bias.Length != classCount)
            throw new ArgumentException($"bias has {bias.Length} values for {classCount} classes", nameof(bias));
        if (weights.Length == 0 || weights.Length % classCount != 0)
            throw new ArgumentException($"weights has {weights.Length} values, not a multiple of {classCount} classes", nameof(weights));
        return new Head(weights, bias, classCount);
    }

    /// <summary>D of the features output: the product of the features tensor's dims after the batch, when all are known.</summary>
    public static long? FeatureDimension(OnnxModelInfo model, BackboneSpec spec)
    {
        var declared = model.FindValueInfo(spec.Features);
        if (declared is not { HasShape: true, Rank: >= 1 } || declared.Dims.Skip(1).Any(d => d < 0))
            return null;
        return declared.Dims.Skip(1).Aggregate(1L, (a, b) => a * b);
    }

    private sealed record Head(float[] Weights, float[] Bias, int ClassCount);

    private static (OnnxModelDocument, OnnxModelInfo) Parse(byte[] backbone, BackboneSpec spec, string source)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        Validated(spec, source);
        var document = OnnxModelDocument.Parse(backbone, source);
        return (document, new OnnxModelInfo(document));
    }

    private static BackboneSpec Validated(BackboneSpec spec, string source)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate(source);
        return spec;
    }

    private static byte[] Build((OnnxModelDocument Document, OnnxModelInfo Info) model, BackboneSpec spec, string source, Head? head,
        bool includeFeatures, IReadOnlyDictionary<string, string>? metadata)
    {
        var (document, info) = model;
        var input = BackboneModelValidator.ValidateInput(info, spec, source);
        var featureType = FeatureTensorCheck.Check(info, spec.Features, source);
        if (info.OpsetVersion < PreprocessingNodes.MinimumOpset)
            throw new InvalidDataException(
                $"ONNX model '{source}' uses default-domain opset {info.OpsetVersion}; building on it needs opset {PreprocessingNodes.MinimumOpset} or later.");

        var featureDim = FeatureDimension(info, spec);
        if (head is not null && featureDim is { } d && head.Weights.Length != head.ClassCount * d)
            throw new ArgumentException(
                $"weights has {head.Weights.Length} values but {head.ClassCount} classes x {d} features of '{spec.Features}' need {head.ClassCount * d}");

        var (keep, read) = GraphPruner.NeededFor(document.Nodes, spec.Features);
        CheckOnlyImageInputNeeded(info, spec, read, source);
        var kept = document.Nodes.Where((_, i) => keep[i]).ToArray();
        var keptNames = new HashSet<string>(read, StringComparer.Ordinal);
        foreach (var node in kept)
            keptNames.UnionWith(node.Outputs);

        // Where no conversion is needed, rename instead of adding pass-through nodes: keeps the graph minimal.
        var directInput = PreprocessingNodes.IsPassThrough(spec) && ReservedNames.CanRename(spec.Input, kept) ? spec.Input : null;
        var featuresInfo = info.FindValueInfo(spec.Features);
        var directFeatures = featureType == OnnxElementType.Float && featuresInfo is { HasShape: true, Rank: 2 }
            && !info.Inputs.Any(i => i.Name == spec.Features) && ReservedNames.CanRename(spec.Features, kept) ? spec.Features : null;

        var names = new UniqueNames(ReservedNames.AllNames(document));
        var renames = ReservedNames.Plan(names, kept, directInput, directFeatures, source);
        var batch = BackboneModelValidator.FixedBatchSize(info, spec) is { } fixedBatch ? OnnxDim.Fixed(fixedBatch) : OnnxDim.Symbolic("N");

        var before = new NodeEmitter(names, "mlnt/preprocess");
        if (directInput is null)
            PreprocessingNodes.Emit(before, spec, PixelsInput, renames.Map(spec.Input), info.OpsetVersion, source);
        var after = new NodeEmitter(names, "mlnt/head");
        if (directFeatures is null)
            OutputNodes.EmitFeatures(after, renames.Map(spec.Features), featureType, FeaturesOutput);
        if (head is not null)
            OutputNodes.EmitHead(after, FeaturesOutput, head.Weights, head.Bias, head.ClassCount, ScoreOutput);

        var graph = new ProtoBuffer();
        ModelAssembly.WriteGraphFields(graph, document, keptNames, renames);
        foreach (var node in before.Nodes)
            graph.WriteMessage(OnnxFields.Graph.Node, node);
        foreach (var node in kept)
            renames.WriteNode(graph, node);
        foreach (var node in after.Nodes)
            graph.WriteMessage(OnnxFields.Graph.Node, node);

        foreach (var tensor in document.Initializers.Where(t => read.Contains(t.Name)))
            renames.WriteNamed(graph, OnnxFields.Graph.Initializer, tensor.Name, tensor.Raw, OnnxFields.Tensor.Name);
        var constants = before.Constants.Concat(after.Constants).ToArray();
        foreach (var constant in constants)
            graph.WriteMessage(OnnxFields.Graph.Initializer, constant.Tensor);

        graph.WriteMessage(OnnxFields.Graph.Input, OnnxMessages.ValueInfo(PixelsInput, OnnxElementType.Float,
            [batch, OnnxDim.Fixed(3), OnnxDim.Fixed(spec.Height), OnnxDim.Fixed(spec.Width)]));
        // Below IR 4 every initializer is also declared as a graph input; keep that true for old and new ones.
        foreach (var record in document.Inputs.Where(r => info.IsInitializer(r.Info.Name) && read.Contains(r.Info.Name)))
            renames.WriteNamed(graph, OnnxFields.Graph.Input, record.Info.Name, record.Raw, OnnxFields.ValueInfo.Name);
        if (document.IrVersion < 4)
        {
            foreach (var constant in constants)
                graph.WriteMessage(OnnxFields.Graph.Input,
                    OnnxMessages.ValueInfo(constant.Name, constant.Type, constant.Dims.Select(OnnxDim.Fixed).ToArray()));
        }

        var featureDims = new[] { batch, featureDim is { } dim ? OnnxDim.Fixed(dim) : OnnxDim.Symbolic("D") };
        if (head is null || includeFeatures)
            graph.WriteMessage(OnnxFields.Graph.Output, OnnxMessages.ValueInfo(FeaturesOutput, OnnxElementType.Float, featureDims));
        if (head is not null)
            graph.WriteMessage(OnnxFields.Graph.Output, OnnxMessages.ValueInfo(ScoreOutput, OnnxElementType.Float, [batch, OnnxDim.Fixed(head.ClassCount)]));

        // The old image input, when computed inside the graph now, keeps its declaration as a value_info.
        var inputRecord = document.Inputs.First(r => r.Info.Name == input.Name);
        if (directInput is null)
            renames.WriteNamed(graph, OnnxFields.Graph.ValueInfo, input.Name, inputRecord.Raw, OnnxFields.ValueInfo.Name);
        var declaredByUs = new HashSet<string>([PixelsInput, FeaturesOutput, ScoreOutput], StringComparer.Ordinal);
        foreach (var record in document.ValueInfos.Where(r => keptNames.Contains(r.Info.Name) && r.Info.Name != input.Name && !declaredByUs.Contains(renames.Map(r.Info.Name))))
            renames.WriteNamed(graph, OnnxFields.Graph.ValueInfo, record.Info.Name, record.Raw, OnnxFields.ValueInfo.Name);

        return ModelAssembly.WriteModel(document, graph, metadata);
    }

    private static void CheckOnlyImageInputNeeded(OnnxModelInfo info, BackboneSpec spec, HashSet<string> read, string source)
    {
        if (!read.Contains(spec.Input))
            throw new InvalidDataException(
                $"ONNX model '{source}': features tensor '{spec.Features}' is not computed from input '{spec.Input}'.");
        var others = info.Inputs.Where(i => i.Name != spec.Input && read.Contains(i.Name)).Select(i => i.Name).ToArray();
        if (others.Length > 0)
            throw new InvalidDataException(
                $"ONNX model '{source}': features tensor '{spec.Features}' also needs input(s) {NameSuggestions.Quote(others)}; only the image input '{spec.Input}' can be fed.");
    }
}
