namespace MLNetTransfer.Backbones;

/// <summary>
/// A catalog backbone could not be obtained: offline with an empty cache, the server refused it, every attempt
/// failed, or the bytes never matched the expected SHA-256. The message says how to put the file in place by hand.
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

    internal BackboneDownloadException(CatalogBackbone backbone, Uri url, string targetPath, string reason, Exception? innerException = null)
        : base(Describe(backbone, url, targetPath, reason), innerException)
    {
        FileName = backbone.FileName;
        Url = url;
        TargetPath = targetPath;
    }

    /// <summary>The backbone file that is missing.</summary>
    public string? FileName { get; }

    /// <summary>The address it was (or would have been) downloaded from.</summary>
    public Uri? Url { get; }

    /// <summary>The exact path where the verified file is expected.</summary>
    public string? TargetPath { get; }

    private static string Describe(CatalogBackbone backbone, Uri url, string targetPath, string reason) =>
        $"Backbone '{backbone.Name}' ({backbone.FileName}) is not available: {reason}{Environment.NewLine}" +
        $"To install it by hand, download {url}{Environment.NewLine}" +
        $"  (expected size {backbone.SizeBytes} bytes, sha256 {backbone.Sha256}){Environment.NewLine}" +
        $"and save it as {targetPath}{Environment.NewLine}" +
        $"Set {BackboneCache.DirectoryVariable} to use another cache folder, or {BackboneDownloadOptions.MirrorVariable} " +
        $"to a base URL that serves {backbone.FileName} (a mirror inside your network).";
}
