using MLNetTransfer.Backbones;
using MLNetTransfer.Quantization;

namespace MLNetTransfer.Onnx;

/// <summary>
/// One graph over several backbones: each backbone's feature extractor, exactly as <see cref="BackboneGraphBuilder"/>
/// builds it (its own preprocessing inside), reads the one "pixels" input; their features are concatenated in backbone
/// order into "features", then optionally the head and softmax give "Score". Every name of backbone i except "pixels"
/// gets the prefix "backbone{i}/", so nothing clashes and records are otherwise copied byte for byte. The graph has one
/// pixel tensor, which the app computes once per image, at the largest backbone's input size (<see cref="InputSize"/>);
/// a backbone of another size starts with an ONNX Resize (<see cref="InputResize"/>), and its featurizer in training runs
/// that same graph (<see cref="FeatureExtractorAt"/>), so training and the app give it the same pixels.
/// The graph declares the highest default-domain opset of its parts; a part declared lower is accepted only when every
/// operator it uses means the same at that opset (<see cref="OpsetUpgrade"/>). BatchNormalization before opset 9 also
/// qualifies when its "spatial" attribute is 1 (the default): opset 9 removed the attribute and kept that meaning, so the
/// attribute is dropped. So ML.NET's opset-8 ResNet18 runs beside an opset-13 MobileNet with unchanged arithmetic.
/// </summary>
internal static class ConcatenatedGraphBuilder
{
    /// <summary>Field numbers of ModelProto.functions and GraphProto.sparse_initializer, which a part must not use.</summary>
    private const int ModelFunctions = 25;
    private const int GraphSparseInitializer = 15;

    public static string PrefixOf(int backbone) => $"backbone{backbone}/";

    /// <summary>pixels → the concatenated features of every backbone (float32 [N, ΣD]).</summary>
    public static byte[] BuildFeatureExtractor(IReadOnlyList<ResolvedBackbone> backbones) => Build(backbones, head: null, metadata: null);

    /// <summary>pixels → Score: softmax(concatenated features · Wᵀ + b), W row-major [classCount, ΣD].</summary>
    public static byte[] BuildClassifier(IReadOnlyList<ResolvedBackbone> backbones, float[] weights, float[] bias, int classCount,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(bias);
        if (classCount <= 0 || bias.Length != classCount || weights.Length == 0 || weights.Length % classCount != 0)
            throw new ArgumentException($"A head of {classCount} classes needs {classCount} biases and a multiple of {classCount} weights " +
                $"(got {bias.Length} and {weights.Length}).");
        return Build(backbones, (weights, bias, classCount), metadata);
    }

    /// <summary>
    /// Everything <see cref="BuildClassifier"/> would refuse, checked on the backbones as resolved, so a run fails before
    /// featurizing: a resize an old opset cannot do, control flow, functions, sparse initializers, opsets.
    /// </summary>
    public static void Check(IReadOnlyList<ResolvedBackbone> backbones)
    {
        CheckResizable(backbones);
        var parts = backbones.Select(b => new Part(b, b.Document, GraphPruner.NeededFor(b.Document.Nodes, b.Spec.Features).Keep)).ToArray();
        foreach (var part in parts)
            CheckMergeable(part);
        _ = MergedOpsets(parts);
    }

    /// <summary>
    /// The size of the one pixel tensor: the input size of the backbone with the most pixels (the first of those). Every
    /// other backbone gets it through <see cref="InputResize"/>, so no backbone sees less than its own resolution's worth.
    /// </summary>
    public static (int Height, int Width) InputSize(IReadOnlyList<ResolvedBackbone> backbones)
    {
        var largest = backbones.MaxBy(b => (long)b.Spec.Height * b.Spec.Width)!;
        return (largest.Spec.Height, largest.Spec.Width);
    }

    /// <summary>Refuses a backbone of another input size that cannot have the pixel tensor resized in its graph (opset below 11).</summary>
    private static void CheckResizable(IReadOnlyList<ResolvedBackbone> backbones)
    {
        var size = InputSize(backbones);
        foreach (var backbone in backbones.Where(b => NeedsResize(b, size)))
            InputResize.CheckOpset(backbone.Info.OpsetVersion, backbone.Path);
    }

    public static bool NeedsResize(ResolvedBackbone backbone, (int Height, int Width) size) =>
        backbone.Spec.Height != size.Height || backbone.Spec.Width != size.Width;

    /// <summary>A backbone's feature extractor reading the pixel tensor of <paramref name="size"/>: resized inside when the sizes differ.</summary>
    public static byte[] FeatureExtractorAt(ResolvedBackbone backbone, (int Height, int Width) size)
    {
        var extractor = BackboneGraphBuilder.BuildFeatureExtractorFor(backbone);
        return NeedsResize(backbone, size) ? InputResize.Prepend(extractor, size.Height, size.Width, backbone.Path) : extractor;
    }

    private static byte[] Build(IReadOnlyList<ResolvedBackbone> backbones, (float[] Weights, float[] Bias, int ClassCount)? head,
        IReadOnlyDictionary<string, string>? metadata)
    {
        ArgumentNullException.ThrowIfNull(backbones);
        if (backbones.Count < 2)
            throw new ArgumentException("Concatenation needs at least two backbones.", nameof(backbones));
        CheckResizable(backbones);
        var size = InputSize(backbones);
        var parts = backbones.Select(b => new Part(b, OnnxModelDocument.Parse(FeatureExtractorAt(b, size), b.Path), null)).ToArray();
        foreach (var part in parts)
            CheckMergeable(part);
        var opsets = MergedOpsets(parts);
        var opset = opsets.Where(o => o.IsDefaultDomain).Select(o => o.Version).DefaultIfEmpty(0).Max();
        // Opset 13 needs IR 7 whatever the parts declared.
        var irVersion = Math.Max(parts.Max(p => p.Document.IrVersion), opset >= 13 ? 7 : 0);

        var graph = new ProtoBuffer();
        graph.WriteString(OnnxFields.Graph.Name, "mlnettransfer_concatenated_backbones");
        var written = new List<string> { BackboneGraphBuilder.PixelsInput, BackboneGraphBuilder.FeaturesOutput, BackboneGraphBuilder.ScoreOutput };
        var partFeatures = new List<string>();
        var initializers = new ProtoBuffer();
        var declarations = new ProtoBuffer();
        var valueInfos = new ProtoBuffer();
        for (var i = 0; i < parts.Length; i++)
        {
            var document = parts[i].Document;
            var renames = new TensorRenames();
            foreach (var name in ReservedNames.AllNames(document).Distinct(StringComparer.Ordinal).Where(n => n != BackboneGraphBuilder.PixelsInput))
            {
                renames.Add(name, PrefixOf(i) + name);
                written.Add(PrefixOf(i) + name);
            }
            var raised = document.DefaultOpsetVersion < opset;
            foreach (var node in document.Nodes)
                renames.WriteNode(graph, raised && IsSpatialBatchNorm(node) ? WithoutAttribute(node, SpatialAttribute) : node, nodeName: true);
            foreach (var tensor in document.Initializers)
                renames.WriteNamed(initializers, OnnxFields.Graph.Initializer, tensor.Name, tensor.Raw, OnnxFields.Tensor.Name);
            // Below IR 4 initializers are also declared as inputs; from IR 4 on, ONNX Runtime would take such an input for an
            // overridable value and not fold or fuse it, so a part of IR 3 joining a newer graph loses those declarations.
            var initializerNames = document.Initializers.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var input in document.Inputs.Where(r => r.Info.Name != BackboneGraphBuilder.PixelsInput
                         && (irVersion < 4 || !initializerNames.Contains(r.Info.Name))))
                renames.WriteNamed(declarations, OnnxFields.Graph.Input, input.Info.Name, input.Raw, OnnxFields.ValueInfo.Name);
            foreach (var record in document.ValueInfos)
                renames.WriteNamed(valueInfos, OnnxFields.Graph.ValueInfo, record.Info.Name, record.Raw, OnnxFields.ValueInfo.Name);
            partFeatures.Add(renames.Map(BackboneGraphBuilder.FeaturesOutput));
        }

        var names = new UniqueNames(written);
        var emitter = new NodeEmitter(names, "mlnt/concat");
        emitter.Emit("Concat", [.. partFeatures], BackboneGraphBuilder.FeaturesOutput, new OnnxAttribute.Int("axis", 1));
        if (head is { } h)
            OutputNodes.EmitHead(emitter, BackboneGraphBuilder.FeaturesOutput, h.Weights, h.Bias, h.ClassCount, BackboneGraphBuilder.ScoreOutput);
        foreach (var node in emitter.Nodes)
            graph.WriteMessage(OnnxFields.Graph.Node, node);
        graph.WriteRaw(initializers.ToArray());
        foreach (var constant in emitter.Constants)
            graph.WriteMessage(OnnxFields.Graph.Initializer, constant.Tensor);

        // A part with a fixed batch (ML.NET's ResNet18 takes exactly one image) fixes the batch of the whole graph.
        var pixels = parts.Select(p => p.Document.Inputs.First(r => r.Info.Name == BackboneGraphBuilder.PixelsInput))
            .OrderByDescending(r => r.Info.Dims.Count > 0 && r.Info.Dims[0] > 0).First();
        graph.WriteRaw(pixels.Raw);
        graph.WriteRaw(declarations.ToArray());
        if (irVersion < 4)
        {
            foreach (var constant in emitter.Constants)
                graph.WriteMessage(OnnxFields.Graph.Input, OnnxMessages.ValueInfo(constant.Name, constant.Type, constant.Dims.Select(OnnxDim.Fixed).ToArray()));
        }

        var batch = pixels.Info.Dims.Count > 0 && pixels.Info.Dims[0] > 0 ? OnnxDim.Fixed(pixels.Info.Dims[0]) : OnnxDim.Symbolic("N");
        var dims = parts.Select(p => BackboneGraphBuilder.FeatureDimension(p.Backbone.Info, p.Backbone.Spec)).ToArray();
        var featureDim = dims.All(d => d is not null) ? OnnxDim.Fixed(dims.Sum(d => d!.Value)) : OnnxDim.Symbolic("D");
        if (head is null)
            graph.WriteMessage(OnnxFields.Graph.Output, OnnxMessages.ValueInfo(BackboneGraphBuilder.FeaturesOutput, OnnxElementType.Float, [batch, featureDim]));
        else
            graph.WriteMessage(OnnxFields.Graph.Output, OnnxMessages.ValueInfo(BackboneGraphBuilder.ScoreOutput, OnnxElementType.Float, [batch, OnnxDim.Fixed(head.Value.ClassCount)]));
        graph.WriteRaw(valueInfos.ToArray());

        return WriteModel(parts[0].Document, irVersion, opsets, graph, metadata);
    }

    /// <summary>A backbone and the model to merge; <paramref name="Keep"/> marks the nodes that count (null: all).</summary>
    private sealed record Part(ResolvedBackbone Backbone, OnnxModelDocument Document, bool[]? Keep)
    {
        public IEnumerable<OnnxNodeRecord> Nodes => Keep is null ? Document.Nodes : Document.Nodes.Where((_, i) => Keep[i]);
    }

    private const string SpatialAttribute = "spatial";

    /// <summary>A BatchNormalization of opset 7 or 8 normalizing per channel: at opset 9 to 13 the same without its "spatial" attribute.</summary>
    private static bool IsSpatialBatchNorm(OnnxNodeRecord node) =>
        node.OpType == "BatchNormalization" && node.Domain is "" or "ai.onnx" && NodeAttributes.FromNode(node.Raw).Int(SpatialAttribute, 1) == 1;

    /// <summary>The node record re-encoded without the named attribute; every other field copied raw.</summary>
    private static OnnxNodeRecord WithoutAttribute(OnnxNodeRecord node, string attribute)
    {
        var outer = new ProtoReader(node.Raw);
        outer.TryRead(out var record);
        var body = new ProtoBuffer();
        var reader = new ProtoReader(record.Payload);
        while (reader.TryRead(out var field))
        {
            if (field.Number == OnnxFields.Node.Attribute && field.WireType == WireType.LengthDelimited && AttributeName(field.Payload) == attribute)
                continue;
            body.WriteRaw(field.Raw);
        }

        var wrapped = new ProtoBuffer();
        wrapped.WriteMessage(OnnxFields.Graph.Node, body);
        return node with { Raw = wrapped.ToArray() };
    }

    private static string? AttributeName(ReadOnlyMemory<byte> attribute)
    {
        var reader = new ProtoReader(attribute);
        while (reader.TryRead(out var field))
        {
            if (field.Number == OnnxFields.Attribute.Name && field.WireType == WireType.LengthDelimited)
                return field.String;
        }

        return null;
    }

    private static void CheckMergeable(Part part)
    {
        string? problem = part.Nodes.Any(n => n.HasSubgraphs) ? "it has control-flow subgraphs (If/Loop/Scan), whose outer names cannot be renamed"
            : part.Document.ModelFields.Any(f => f.Number == ModelFunctions) ? "it defines model-local functions"
            : part.Document.GraphFields.Any(f => f.Number == GraphSparseInitializer) ? "it has sparse initializers"
            : null;
        if (problem is not null)
            throw new InvalidDataException($"Backbone '{part.Backbone.Path}' cannot be concatenated with another: {problem}.");
    }

    /// <summary>One opset per domain: the highest of the default domain, provided every lower part means the same at it; other domains must agree.</summary>
    private static List<OnnxOpsetImport> MergedOpsets(IReadOnlyList<Part> parts)
    {
        static string Domain(OnnxOpsetImport o) => o.IsDefaultDomain ? "" : o.Domain;
        var merged = new List<OnnxOpsetImport>();
        foreach (var domain in parts.SelectMany(p => p.Document.Opsets).GroupBy(Domain, StringComparer.Ordinal))
        {
            var highest = domain.Max(o => o.Version);
            if (domain.Key.Length > 0 && domain.Any(o => o.Version != highest))
                throw new InvalidDataException($"The backbones import opset domain '{domain.Key}' at different versions " +
                    $"({string.Join(", ", domain.Select(o => o.Version).Distinct())}); they cannot share one graph.");
            merged.Add(new OnnxOpsetImport(domain.Key, highest));
        }

        var target = merged.Where(o => o.IsDefaultDomain).Select(o => o.Version).DefaultIfEmpty(0).Max();
        foreach (var part in parts)
        {
            var own = part.Document.DefaultOpsetVersion;
            if (own == target)
                continue;
            var changed = target > OpsetUpgrade.Target
                ? ["(any operator: opsets above " + OpsetUpgrade.Target + " are not checked)"]
                : OpsetUpgrade.ChangedOperators(part.Nodes.Where(n => n.Domain is "" or "ai.onnx" && !(own >= 7 && IsSpatialBatchNorm(n))), own);
            if (changed.Length > 0)
                throw new InvalidDataException(
                    $"Backbone '{part.Backbone.Path}' is declared at opset {own} and another backbone at opset {target}; one graph has one opset, " +
                    $"and {NameSuggestions.Quote(changed)} may not mean the same at opset {target}. Concatenate backbones of the same opset.");
        }

        return merged;
    }

    /// <summary>The first part's model fields around the new graph, with the merged IR version and opsets; training info dropped.</summary>
    private static byte[] WriteModel(OnnxModelDocument first, long irVersion, IReadOnlyList<OnnxOpsetImport> opsets, ProtoBuffer graph,
        IReadOnlyDictionary<string, string>? metadata)
    {
        var model = new ProtoBuffer();
        model.WriteInt64(OnnxFields.Model.IrVersion, irVersion);
        foreach (var opset in opsets)
            model.WriteMessage(OnnxFields.Model.OpsetImport, OnnxMessages.OpsetImport(opset.Domain, opset.Version));
        foreach (var field in first.ModelFields.Where(f => f.Number is not (OnnxFields.Model.IrVersion or OnnxFields.Model.OpsetImport
                     or OnnxFields.Model.Graph or OnnxFields.Model.TrainingInfo)))
            model.WriteRaw(field.Raw);
        model.WriteMessage(OnnxFields.Model.Graph, graph);
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
            model.WriteMessage(OnnxFields.Model.MetadataProps, OnnxMessages.MetadataEntry(key, value));
        return model.ToArray();
    }
}
