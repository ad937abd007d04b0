namespace MLNetTransfer.Backbones;

/// <summary>
/// A standard pretrained backbone that can be downloaded on demand: where it lives, the exact bytes to
/// expect (size and SHA-256, so a damaged or substituted file is never used) and how to feed it.
/// </summary>
/// <param name="Name">The canonical name, e.g. <c>resnet50-v2</c>.</param>
/// <param name="Aliases">Other names accepted by <see cref="BackboneCatalog.Find"/> (case-insensitive).</param>
/// <param name="FileName">The file name in the cache folder and on a mirror.</param>
/// <param name="Url">The address the file was first published at; tried after <see cref="Copies"/>.</param>
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

    /// <summary>
    /// Other public addresses that serve the same bytes, tried in this order before <see cref="Url"/> (the original
    /// address may no longer serve the file itself). Every one is checked against the same size and SHA-256.
    /// </summary>
    public IReadOnlyList<Uri> Copies { get; init; } = [];

    /// <summary>
    /// Why the file is not known to hold ImageNet-pretrained weights (one line); null when it is. Such an entry still
    /// downloads and trains, but its features may be worthless, and every use reports this as a warning.
    /// </summary>
    public string? UnverifiedWeightsReason { get; init; }

    /// <summary>True when the weights are known to be pretrained (<see cref="UnverifiedWeightsReason"/> is null).</summary>
    public bool WeightsVerified => UnverifiedWeightsReason is null;

    /// <summary>
    /// Every address the file is fetched from, in order: <c>{mirrorBaseUrl}/{FileName}</c> first when a mirror is
    /// given (it is set because public hosts are out of reach, so trying them first would only cost retries), then
    /// <see cref="Copies"/>, then <see cref="Url"/>. None for a packaged backbone: it is never downloaded.
    /// </summary>
    public IReadOnlyList<Uri> SourcesWith(Uri? mirrorBaseUrl)
    {
        var sources = new List<Uri>();
        if (IsPackaged)
            return sources;
        if (mirrorBaseUrl is not null)
        {
            var baseText = mirrorBaseUrl.AbsoluteUri;
            var folder = new Uri(baseText.EndsWith('/') ? baseText : baseText + "/");
            sources.Add(new Uri(folder, Uri.EscapeDataString(FileName)));
        }
        sources.AddRange(Copies);
        sources.Add(Url);
        return sources.Distinct().ToList();
    }
}
