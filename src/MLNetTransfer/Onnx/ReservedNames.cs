namespace MLNetTransfer.Onnx;

/// <summary>
/// Plans the tensor renames of the built model. The names it claims for itself (pixels, features, Score) are
/// moved out of the way when an original tensor already uses them (a backbone whose pooled tensor is literally
/// called "features"); and when no conversion is needed, the image input or the features tensor is simply
/// renamed to pixels / features instead of adding a pass-through node.
/// </summary>
internal static class ReservedNames
{
    private static readonly string[] Reserved =
        [BackboneGraphBuilder.PixelsInput, BackboneGraphBuilder.FeaturesOutput, BackboneGraphBuilder.ScoreOutput];

    /// <summary>Every name the original model uses anywhere, so new names clash with none.</summary>
    public static IEnumerable<string> AllNames(OnnxModelDocument document) =>
        document.Nodes.SelectMany(n => n.Inputs.Concat(n.Outputs).Concat(n.NamesInSubgraphs).Append(n.Name))
            .Concat(document.Initializers.Select(t => t.Name))
            .Concat(document.Inputs.Concat(document.Outputs).Concat(document.ValueInfos).Select(r => r.Info.Name))
            .Where(n => n.Length > 0);

    /// <summary>True when a name can be renamed: no kept subgraph body (copied verbatim) reads it.</summary>
    public static bool CanRename(string name, IEnumerable<OnnxNodeRecord> keptNodes) => !keptNodes.Any(n => n.NamesInSubgraphs.Contains(name));

    /// <summary>Claims the reserved names and returns the renames to apply to the kept records.</summary>
    public static TensorRenames Plan(UniqueNames names, IReadOnlyList<OnnxNodeRecord> keptNodes, string? directInput, string? directFeatures, string source)
    {
        var renames = new TensorRenames();
        foreach (var name in Reserved)
        {
            if (!names.IsTaken(name))
            {
                names.Reserve(name);
                continue;
            }

            if (!CanRename(name, keptNodes))
                throw new InvalidDataException(
                    $"ONNX model '{source}': tensor '{name}' is read inside a subgraph and clashes with the built model's '{name}'; rename it in the model.");
            renames.Add(name, names.Make(name + "_backbone"));
        }

        if (directInput is not null)
            renames.Add(directInput, BackboneGraphBuilder.PixelsInput);
        if (directFeatures is not null)
            renames.Add(directFeatures, BackboneGraphBuilder.FeaturesOutput);
        return renames;
    }
}
