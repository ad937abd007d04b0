using MLNetTransfer.Backbones;
using MLNetTransfer.Cli.App;
using MLNetTransfer.Cli.Output;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>
/// The backbone a run uses (--backbone FILE with its sidecar spec, or --arch NAME downloaded on first use), resolved
/// once by the library's <see cref="BackboneResolver"/> with a download progress line; the trainer takes the result,
/// so the file is not found, read or hashed again.
/// </summary>
internal static class BackboneChoice
{
    public static ResolvedBackbone Resolve(ResolvedTrainSettings settings, Ui ui) => Resolve(settings.Backbone, settings.Arch, settings, ui);

    /// <summary>The backbones whose features are concatenated after the main one's, each resolved once, in order.</summary>
    public static IReadOnlyList<ResolvedBackbone> ResolveAdditional(ResolvedTrainSettings settings, Ui ui) =>
        settings.AdditionalBackbones.Select(b => Resolve(b.FilePath, b.Arch, settings, ui)).ToArray();

    private static ResolvedBackbone Resolve(string? backboneFile, string? arch, ResolvedTrainSettings settings, Ui ui)
    {
        var request = new BackboneRequest
        {
            Path = backboneFile,
            CatalogName = arch,
            Download = DownloadOptions(settings),
            PathSetting = "--backbone",
            CatalogSetting = "--arch",
        };
        // A missing file or spec is a FileNotFoundException naming it (exit code 2, as for any bad input).
        try
        {
            return BackboneResolver.Resolve(request, entry => BackboneFetch.Ensure(entry, DownloadOptions(settings), ui), ui.Cancellation);
        }
        catch (ArgumentException e) when (e.ParamName == "request")
        {
            // An unknown --arch: the message names it and lists the known ones.
            throw new UsageException(e.Message);
        }
    }

    public static BackboneDownloadOptions DownloadOptions(ResolvedTrainSettings settings) => new()
    {
        CacheDirectory = settings.CacheDir,
        Offline = settings.Offline,
        MirrorBaseUrl = settings.Mirror,
    };
}
