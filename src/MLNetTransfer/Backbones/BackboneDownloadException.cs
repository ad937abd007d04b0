namespace MLNetTransfer.Backbones;

/// <summary>
/// A catalog backbone could not be obtained: offline with an empty cache, every source refused it, failed or served
/// something else, or a file to import holds the wrong bytes. The message says what each source did and the other
/// ways to get the backbone.
/// </summary>
public sealed class BackboneDownloadException : IOException
{
    public BackboneDownloadException()
    {
    }

    public BackboneDownloadException(string message) : base(message)
    {
    }

    public BackboneDownloadException(string message, Exception? innerException) : base(message, innerException)
    {
    }

    internal BackboneDownloadException(CatalogBackbone backbone, string targetPath, IReadOnlyList<Uri> sources, string message,
        Exception? innerException = null)
        : base(message, innerException)
    {
        FileName = backbone.FileName;
        Sources = sources;
        TargetPath = targetPath;
    }

    /// <summary>The backbone file that is missing.</summary>
    public string? FileName { get; }

    /// <summary>The addresses it was (or would have been) downloaded from, in the order they are tried.</summary>
    public IReadOnlyList<Uri> Sources { get; } = [];

    /// <summary>The exact path where the verified file is expected.</summary>
    public string? TargetPath { get; }

    /// <summary>Why the backbone is missing, a line per source, then every other way to get it.</summary>
    internal static string NotAvailable(CatalogBackbone backbone, string targetPath, string reason, IEnumerable<string> sourceLines)
    {
        var nl = Environment.NewLine;
        return $"Backbone '{backbone.Name}' ({backbone.FileName}) is not available: {reason}{nl}" +
            string.Concat(sourceLines.Select(line => $"  {line}{nl}")) +
            $"The file is {backbone.SizeBytes} bytes with sha256 {backbone.Sha256}. Other ways to get it:{nl}" +
            $"  - Fetch it some other way (a browser, another machine) and import it, checked against that size and sha256: " +
            $"'mlnet-transfer backbones download {backbone.Name} --from FILE' (library: BackboneDownloader.ImportAsync); " +
            $"or save it as {targetPath}{nl}" +
            $"  - Set {BackboneDownloadOptions.MirrorVariable} (--mirror, BackboneDownloadOptions.MirrorBaseUrl) to a base URL " +
            $"inside your network that serves {backbone.FileName}; it is tried first.{nl}" +
            $"  - Train on a local ONNX file instead: --backbone FILE.onnx (library: BackbonePath), with its .json spec beside it.{nl}" +
            $"  - Train on the embedded ResNet18 backbone (--arch resnet18, Architecture ResNet18): it ships in a NuGet package " +
            $"and needs no download.{nl}" +
            $"{BackboneCache.DirectoryVariable} (--cache-dir, BackboneDownloadOptions.CacheDirectory) chooses another cache folder.";
    }

    /// <summary>A file offered for import is not the backbone's file.</summary>
    internal static string WrongFile(CatalogBackbone backbone, string file, long actualSize, string actualSha256, BodyKind kind) =>
        $"'{file}' is not the file of backbone '{backbone.Name}' ({backbone.FileName}): expected {backbone.SizeBytes} bytes " +
        $"with sha256 {backbone.Sha256}, but it has {actualSize} bytes with sha256 {actualSha256}" +
        (BodySniffer.Describe(kind) is { } what ? $" (it is {what})" : "") +
        $". Nothing was put into the cache. The file is published at {string.Join(" and ", backbone.SourcesWith(null))}.";
}
