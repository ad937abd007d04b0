namespace MLNetTransfer.Backbones;

/// <summary>
/// What a run asks for: a local ONNX file (with a spec given, or the sidecar spec beside it) or a catalog name
/// (a catalog entry's name or a Microsoft.ML.Vision architecture). The setting names are those of the caller (the
/// library's options or the CLI's flags), so that an error names what the user wrote.
/// </summary>
internal sealed record BackboneRequest
{
    public string? Path { get; init; }
    public BackboneSpec? Spec { get; init; }
    public string? CatalogName { get; init; }
    public BackboneDownloadOptions? Download { get; init; }
    public string PathSetting { get; init; } = "BackbonePath";
    public string CatalogSetting { get; init; } = "Arch";
}

/// <summary>
/// The one way a run gets its backbone, for the library's trainer and the CLI alike: a request becomes the run's one
/// <see cref="ResolvedBackbone"/>, a local file read once or a catalog backbone fetched on first use.
/// </summary>
internal static class BackboneResolver
{
    /// <summary>
    /// For tests of programs written for Microsoft.ML.Vision, which name only an architecture: a local backbone (with
    /// its sidecar spec) used in place of every catalog backbone in this async flow, so such a program runs as written,
    /// offline, on a tiny network.
    /// </summary>
    internal static readonly AsyncLocal<string?> CatalogStandIn = new();

    /// <param name="request">What to resolve.</param>
    /// <param name="fetch">Gets a catalog entry's file (a caller's own progress display); by default the downloader with the request's options.</param>
    /// <param name="cancellationToken">Stops a download.</param>
    /// <exception cref="FileNotFoundException">The file or its spec is missing.</exception>
    /// <exception cref="ArgumentException">The catalog name is unknown.</exception>
    public static ResolvedBackbone Resolve(BackboneRequest request, Func<CatalogBackbone, string>? fetch = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if ((request.Path ?? CatalogStandIn.Value) is { } path)
            return FromFile(System.IO.Path.GetFullPath(path), request);

        var name = request.CatalogName
            ?? throw new ArgumentException($"No backbone: set {request.PathSetting} or {request.CatalogSetting}.", nameof(request));
        var entry = FindCatalogEntry(name) ?? throw new ArgumentException(
            $"Unknown {request.CatalogSetting} '{name}'. Known: {string.Join(", ", BackboneCatalog.ArchitectureNames.Concat(BackboneCatalog.All.Select(b => b.Name)))}.",
            nameof(request));
        var file = fetch is not null
            ? fetch(entry)
            : new BackboneDownloader(request.Download).EnsureAsync(entry, cancellationToken).GetAwaiter().GetResult();
        return ResolvedBackbone.Load(file, entry.Spec, $"catalog:{entry.Name}");
    }

    /// <summary>A catalog entry by its name or by a Microsoft.ML.Vision architecture name; null when neither.</summary>
    public static CatalogBackbone? FindCatalogEntry(string name) => BackboneCatalog.FindArchitecture(name) ?? BackboneCatalog.Find(name);

    private static ResolvedBackbone FromFile(string full, BackboneRequest request)
    {
        if (!File.Exists(full))
        {
            throw new FileNotFoundException($"Backbone file '{full}' does not exist. For a catalog backbone, leave {request.PathSetting} " +
                $"unset and use {request.CatalogSetting} ('mlnet-transfer backbones list' shows the names).", full);
        }
        if (request.Spec is { } given)
        {
            given.Validate($"{full} (BackboneSpec option)");
            return ResolvedBackbone.Load(full, given);
        }
        var sidecar = BackboneSpec.SidecarPathFor(full);
        if (!File.Exists(sidecar))
        {
            throw new FileNotFoundException(
                $"Backbone '{full}' has no spec: write '{sidecar}' (input, layout, elementType, height, width, channelOrder, " +
                $"scale, mean, std, features); 'mlnet-transfer backbones info {full}' suggests one.", sidecar);
        }
        return ResolvedBackbone.Load(full, BackboneSpec.Load(sidecar));
    }
}
