namespace MLNetTransfer.Backbones;

/// <summary>
/// A standard pretrained backbone that can be downloaded on demand: where it lives, the exact bytes to
/// expect (size and SHA-256, so a damaged or substituted file is never used) and how to feed it.
/// </summary>
/// <param name="Name">The canonical name, e.g. <c>resnet50-v2</c>.</param>
/// <param name="Aliases">Other names accepted by <see cref="BackboneCatalog.Find"/> (case-insensitive).</param>
/// <param name="FileName">The file name in the cache folder and on a mirror.</param>
/// <param name="Url">The official download address.</param>
/// <param name="SizeBytes">The exact file size.</param>
/// <param name="Sha256">The file's SHA-256, 64 lowercase hex digits.</param>
/// <param name="Spec">How to feed the graph and where its pooled features are.</param>
/// <param name="Description">One line for people choosing a backbone.</param>
public sealed record CatalogBackbone(
    string Name,
    IReadOnlyList<string> Aliases,
    string FileName,
    Uri Url,
    long SizeBytes,
    string Sha256,
    BackboneSpec Spec,
    string Description)
{
    /// <summary>
    /// Where the file arrives with a NuGet package instead of a download: its path under the app's
    /// <c>DnnImageModels</c> folder. Null for backbones that are downloaded.
    /// </summary>
    public string? PackagedPath { get; init; }

    /// <summary>True when the backbone ships inside a package the library depends on: nothing is ever downloaded.</summary>
    public bool IsPackaged => PackagedPath is not null;

    /// <summary>The canonical name followed by the aliases.</summary>
    public IEnumerable<string> AllNames => Aliases.Prepend(Name);
}
