using MLNetTransfer.Backbones;
using MLNetTransfer.Cli.App;
using MLNetTransfer.Cli.Output;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>
/// The backbone a run uses: a local file with its sidecar spec, or a catalog entry downloaded on first use. Read and
/// resolved here once (<see cref="Resolved"/>); the trainer takes that, so the file is not found, read or hashed again.
/// </summary>
public sealed record BackboneChoice(string Path, BackboneSpec Spec, string Source)
{
    internal ResolvedBackbone Resolved { get; private init; } = null!;

    private static BackboneChoice Of(string path, BackboneSpec spec, string source) =>
        new(path, spec, source) { Resolved = ResolvedBackbone.Load(path, spec, source) };

    public static BackboneChoice Resolve(ResolvedTrainSettings settings, Ui ui) => Resolve(settings.Backbone, settings.Arch, settings, ui);

    /// <summary>The backbones whose features are concatenated after the main one's, each resolved once, in order.</summary>
    public static IReadOnlyList<BackboneChoice> ResolveAdditional(ResolvedTrainSettings settings, Ui ui) =>
        settings.AdditionalBackbones.Select(b => Resolve(b.FilePath, b.Arch, settings, ui)).ToArray();

    private static BackboneChoice Resolve(string? backboneFile, string? arch, ResolvedTrainSettings settings, Ui ui)
    {
        if (backboneFile is { } file)
        {
            if (!File.Exists(file))
            {
                throw new BadInputException($"Backbone file '{file}' does not exist. For a catalog backbone, use --arch NAME " +
                    "instead of --backbone ('mlnet-transfer backbones list' shows the names).");
            }
            var sidecar = BackboneSpec.SidecarPathFor(file);
            if (!File.Exists(sidecar))
            {
                throw new BadInputException($"Backbone '{file}' has no spec file '{sidecar}'. " +
                    $"Run 'mlnet-transfer backbones info {file}' for a suggested one.");
            }
            return Of(file, BackboneSpec.Load(sidecar), "file");
        }

        var name = arch!;
        var entry = BackboneCatalog.Find(name) ?? TryArchitecture(name)
            ?? throw new UsageException($"Unknown --arch '{name}'. Known: ResNet18, ResnetV250, ResnetV2101, MobilenetV2, InceptionV3, " +
                $"{string.Join(", ", BackboneCatalog.All.Select(b => b.Name))}.");
        var path = BackboneFetch.Ensure(entry, DownloadOptions(settings), ui);
        return Of(path, entry.Spec, $"catalog:{entry.Name}");
    }

    public static BackboneDownloadOptions DownloadOptions(ResolvedTrainSettings settings) => new()
    {
        CacheDirectory = settings.CacheDir,
        Offline = settings.Offline,
        MirrorBaseUrl = settings.Mirror,
    };

    private static CatalogBackbone? TryArchitecture(string name)
    {
        try
        {
            return BackboneCatalog.ForArchitecture(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
