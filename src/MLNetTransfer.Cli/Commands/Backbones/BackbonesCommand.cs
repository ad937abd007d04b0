using System.CommandLine;
using MLNetTransfer.Backbones;
using MLNetTransfer.Cli.App;
using MLNetTransfer.Cli.Commands.Train;
using MLNetTransfer.Cli.Output;

namespace MLNetTransfer.Cli.Commands.Backbones;

/// <summary><c>backbones [list | download NAME [--from FILE|URL] | info FILE.onnx]</c>.</summary>
public static class BackbonesCommand
{
    public static Command Create(Ui ui)
    {
        var cacheDir = new Option<string?>("--cache-dir") { Description = "The backbone cache folder (default: the user cache).", Recursive = true };
        var command = new Command("backbones", HelpText.WithExamples(
            "List, download and inspect backbones.",
            "mlnet-transfer backbones",
            "mlnet-transfer backbones download mobilenet-v2",
            "mlnet-transfer backbones info my.onnx")) { cacheDir };

        var list = new Command("list", HelpText.WithExamples(
            "The catalog: names, input size, file size, and whether each is cached.",
            "mlnet-transfer backbones list",
            "mlnet-transfer backbones list --cache-dir /data/models"));
        list.SetAction(parse => List(ui, parse.GetValue(cacheDir)));

        var name = new Argument<string>("name") { Description = "A catalog name or alias." };
        var offline = new Option<bool>("--offline") { Description = "Only check the cache." };
        var mirror = new Option<string?>("--mirror") { Description = "Base URL serving backbone files by file name (tried first)." };
        var from = new Option<string?>("--from")
        {
            Description = "Install a copy obtained some other way: a local FILE or one URL, checked against the catalog's size and SHA-256.",
        };
        var download = new Command("download", HelpText.WithExamples(
            "Download a catalog backbone into the cache (verified by SHA-256).",
            "mlnet-transfer backbones download mobilenet-v2",
            "mlnet-transfer backbones download mobilenet-v2 --mirror https://models.example.com/onnx",
            "mlnet-transfer backbones download mobilenet-v2 --from ~/Downloads/mobilenetv2-7.onnx")) { name, offline, mirror, from };
        download.SetAction(parse => Download(ui, parse.GetValue(name)!, parse.GetValue(cacheDir), parse.GetValue(offline),
            parse.GetValue(mirror), parse.GetValue(from)));

        var file = new Argument<string>("file") { Description = "An ONNX model file." };
        var photos = new Option<string?>("--photos")
        {
            Description = "A folder of photos of one ImageNet class with a reference.json naming it, to check normalizations on (default: the photos shipped with the tool).",
        };
        var info = new Command("info", HelpText.WithExamples(
            "Show an ONNX file's inputs, outputs and spec sidecar, and suggest a spec checked by running the model.",
            "mlnet-transfer backbones info my.onnx",
            "mlnet-transfer backbones info my.onnx --photos photos/goldfish")) { file, photos };
        info.SetAction(parse => BackboneInfo.Run(ui, parse.GetValue(file)!, parse.GetValue(photos)));

        command.Subcommands.Add(list);
        command.Subcommands.Add(download);
        command.Subcommands.Add(info);
        command.SetAction(parse => List(ui, parse.GetValue(cacheDir)));
        return command;
    }

    public static int List(Ui ui, string? cacheDir)
    {
        var folder = Path.GetFullPath(cacheDir ?? BackboneCache.DefaultDirectory);
        var table = ui.NewTable("name", "aliases", "input", "size", "pretrained", "cached");
        foreach (var b in BackboneCatalog.All)
        {
            // A packaged backbone is never in the download cache: it sits beside the tool.
            var cached = b.IsPackaged ? "embedded" : File.Exists(Path.Combine(folder, b.FileName)) ? "yes" : "no";
            table.AddPlainRow(b.Name, string.Join(", ", b.Aliases), $"{b.Spec.Width}x{b.Spec.Height}",
                Format.Megabytes(b.SizeBytes), b.WeightsVerified ? "yes" : "unverified", cached);
        }
        ui.Render(table);
        foreach (var b in BackboneCatalog.All.Where(b => !b.WeightsVerified))
            ui.Line($"{b.Name}: weights not known to be ImageNet-pretrained: {b.UnverifiedWeightsReason}");
        ui.Line($"Cache folder: {folder}");
        return ExitCodes.Success;
    }

    public static int Download(Ui ui, string name, string? cacheDir, bool offline, string? mirror, string? from)
    {
        var entry = BackboneCatalog.Find(name)
            ?? throw new UsageException($"Unknown backbone '{name}'. Known: {string.Join(", ", BackboneCatalog.All.Select(b => b.Name))}.");
        Uri? mirrorUri = null;
        if (mirror is not null && !Uri.TryCreate(mirror, UriKind.Absolute, out mirrorUri))
            throw new UsageException($"--mirror must be an absolute URL (got '{mirror}').");
        var options = new BackboneDownloadOptions { CacheDirectory = cacheDir, Offline = offline, MirrorBaseUrl = mirrorUri };
        if (from is not null)
        {
            var path = BackboneFetch.Import(entry, from, options, ui);
            ui.Line($"{entry.Name}: {path} (imported from {from}, size and sha256 checked)");
        }
        else
        {
            ui.Line($"{entry.Name}: {BackboneFetch.Ensure(entry, options, ui)}");
        }
        return ExitCodes.Success;
    }
}
