using MLNetTransfer.Backbones;

namespace MLNetTransfer.Vision;

/// <summary>Turns the trainer's options into the run's one <see cref="ResolvedBackbone"/>: a local ONNX file, or a catalog backbone fetched on first use.</summary>
internal static class BackboneResolver
{
    /// <summary>
    /// For tests of programs written for Microsoft.ML.Vision, which name only an <see cref="ImageClassificationTrainer.Architecture"/>:
    /// a local backbone (with its sidecar spec) used in place of every catalog download in this async flow, so such a
    /// program runs as written, offline, on a tiny network.
    /// </summary>
    internal static readonly AsyncLocal<string?> CatalogStandIn = new();

    public static ResolvedBackbone Resolve(ImageClassificationTrainer.Options options, CancellationToken cancellationToken) =>
        options.ResolvedBackbone ?? Resolve(options.BackbonePath, options.BackboneSpec, options.Arch, options, cancellationToken);

    /// <summary>An additional backbone of <see cref="ImageClassificationTrainer.Options.AdditionalBackbones"/>, found the same way.</summary>
    public static ResolvedBackbone Resolve(ImageClassificationTrainer.AdditionalBackbone backbone, ImageClassificationTrainer.Options options,
        CancellationToken cancellationToken) =>
        backbone.Resolved ?? Resolve(backbone.BackbonePath, backbone.BackboneSpec, backbone.Arch, options, cancellationToken);

    private static ResolvedBackbone Resolve(string? backbonePath, BackboneSpec? backboneSpec, ImageClassificationTrainer.Architecture arch,
        ImageClassificationTrainer.Options options, CancellationToken cancellationToken)
    {
        if ((backbonePath ?? CatalogStandIn.Value) is { } path)
        {
            var full = System.IO.Path.GetFullPath(path);
            if (!File.Exists(full))
                throw new FileNotFoundException(
                    $"Backbone file '{full}' does not exist. Leave BackbonePath unset to use the catalog backbone that Arch names.", full);
            if (backboneSpec is { } given)
            {
                given.Validate($"{full} (BackboneSpec option)");
                return ResolvedBackbone.Load(full, given);
            }
            var sidecar = BackboneSpec.SidecarPathFor(full);
            if (!File.Exists(sidecar))
            {
                throw new FileNotFoundException(
                    $"Backbone '{full}' has no spec: write '{sidecar}' (input, layout, elementType, height, width, channelOrder, " +
                    "scale, mean, std, features) or set the BackboneSpec option. 'mlnet-transfer backbones info FILE.onnx' suggests one.", sidecar);
            }
            return ResolvedBackbone.Load(full, BackboneSpec.Load(sidecar));
        }

        var entry = BackboneCatalog.ForArchitecture(arch.ToString());
        var downloaded = new BackboneDownloader(options.Download).EnsureAsync(entry, cancellationToken).GetAwaiter().GetResult();
        return ResolvedBackbone.Load(downloaded, entry.Spec, $"catalog:{entry.Name}");
    }
}
