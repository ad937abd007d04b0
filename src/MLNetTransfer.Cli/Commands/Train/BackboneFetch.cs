using MLNetTransfer.Backbones;
using MLNetTransfer.Cli.Output;
using MLNetTransfer.Featurization;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>
/// Downloads a catalog backbone (or finds it cached, or imports a given file) with a progress line in megabytes;
/// warnings the downloader sends, such as weights not known to be pretrained, are printed as warnings.
/// </summary>
public static class BackboneFetch
{
    public static string Ensure(CatalogBackbone entry, BackboneDownloadOptions options, Ui ui) =>
        Run(entry, options, ui, downloader => downloader.EnsureAsync(entry, ui.Cancellation));

    /// <summary>Installs a file obtained some other way (a path or one URL) after checking its size and SHA-256.</summary>
    public static string Import(CatalogBackbone entry, string pathOrUrl, BackboneDownloadOptions options, Ui ui) =>
        Run(entry, options, ui, downloader => downloader.ImportAsync(entry, pathOrUrl, ui.Cancellation));

    private static string Run(CatalogBackbone entry, BackboneDownloadOptions options, Ui ui, Func<BackboneDownloader, Task<string>> fetch)
    {
        ProgressLine? line = null;
        options.Progress = new InlineProgress<DownloadProgress>(p =>
        {
            if (p.Warning is { } warning)
            {
                ui.Warn(warning);
                return;
            }
            line ??= ui.Progress($"downloading {p.FileName}", (p.TotalBytes ?? entry.SizeBytes) / (1024 * 1024), "MB");
            line.Report(p.BytesReceived / (1024 * 1024));
        });
        var path = fetch(new BackboneDownloader(options)).GetAwaiter().GetResult();
        line?.Finish(entry.SizeBytes / (1024 * 1024));
        return path;
    }
}
