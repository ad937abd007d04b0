using MLNetTransfer.Backbones;
using MLNetTransfer.Cli.Output;
using MLNetTransfer.Featurization;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>Downloads a catalog backbone (or finds it cached) with a progress line in megabytes.</summary>
public static class BackboneFetch
{
    public static string Ensure(CatalogBackbone entry, BackboneDownloadOptions options, Ui ui)
    {
        ProgressLine? line = null;
        options.Progress = new InlineProgress<DownloadProgress>(p =>
        {
            line ??= ui.Progress($"downloading {p.FileName}", (p.TotalBytes ?? entry.SizeBytes) / (1024 * 1024), "MB");
            line.Report(p.BytesReceived / (1024 * 1024));
        });
        var path = new BackboneDownloader(options).EnsureAsync(entry).GetAwaiter().GetResult();
        line?.Finish(entry.SizeBytes / (1024 * 1024));
        return path;
    }
}
