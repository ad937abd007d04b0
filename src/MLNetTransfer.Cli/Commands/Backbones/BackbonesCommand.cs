using System.CommandLine;
using MLNetTransfer.Backbones;
using MLNetTransfer.Cli.App;
using MLNetTransfer.Cli.Commands.Train;
using MLNetTransfer.Cli.Output;

namespace MLNetTransfer.Cli.Commands.Backbones;

/// <summary><c>backbones [list | download NAME | info FILE.onnx]</c>.</summary>
public static class BackbonesCommand
{
    public static Command Create(Ui ui)
    {
        var cacheDir = new Option<string?>("--cache-dir") { Description = "The backbone cache folder (default: the user cache).", Recursive = true };
        var command = new Command("backbones", "List, download and inspect backbones.") { cacheDir };

        var list = new Command("list", "The catalog: names, input size, file size, and whether each is cached.");
        list.SetAction(parse => List(ui, parse.GetValue(cacheDir)));

        var name = new Argument<string>("name") { Description = "A catalog name or alias." };
        var offline = new Option<bool>("--offline") { Description = "Only check the cache." };
        var mirror = new Option<string?>("--mirror") { Description = "Base URL serving backbone files by file name." };
        var download = new Command("download", "Download a catalog backbone into the cache (verified by SHA-256).") { name, offline, mirror };
        download.SetAction(parse => Download(ui, parse.GetValue(name)!, parse.GetValue(cacheDir), parse.GetValue(offline), parse.GetValue(mirror)));

        var file = new Argument<string>("file") { Description = "An ONNX model file." };
        var photos = new Option<string?>("--photos")
        {
            Description = "A folder of photos of one ImageNet class with a reference.json naming it, to check normalizations on (default: the photos shipped with the tool).",
        };
        var info = new Command("info", "Show an ONNX file's inputs, outputs and spec sidecar, and suggest a spec checked by running the model.") { file, photos };
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
        var table = ui.NewTable("name", "aliases", "input", "size", "cached");
        foreach (var b in BackboneCatalog.All)
        {
            var cached = File.Exists(Path.Combine(folder, b.FileName));
            table.AddPlainRow(b.Name, string.Join(", ", b.Aliases), $"{b.Spec.Width}x{b.Spec.Height}",
                Format.Megabytes(b.SizeBytes), cached ? "yes" : "no");
        }
        ui.Render(table);
        ui.Line($"Cache folder: {folder}");
        return ExitCodes.Success;
    }

    public static int Download(Ui ui, string name, string? cacheDir, bool offline, string? mirror)
    {
        var entry = BackboneCatalog.Find(name)
            ?? throw new UsageException($"Unknown backbone '{name}'. Known: {string.Join(", ", BackboneCatalog.All.Select(b => b.Name))}.");
        Uri? mirrorUri = null;
        if (mirror is not null && !Uri.TryCreate(mirror, UriKind.Absolute, out mirrorUri))
            throw new UsageException($"--mirror must be an absolute URL (got '{mirror}').");
        var path = BackboneFetch.Ensure(entry, new BackboneDownloadOptions { CacheDirectory = cacheDir, Offline = offline, MirrorBaseUrl = mirrorUri }, ui);
        ui.Line($"{entry.Name}: {path}");
        return ExitCodes.Success;
    }
}
