using System.Security.Cryptography;
using System.Text.Json;
using MLNetTransfer.Cli.App;

namespace MLNetTransfer.Cli.Commands.Shared;

/// <summary>
/// manifest.json of a train output folder, written after every other file of the run: the run id and each file's
/// size and sha256. Loading checks the folder against it, so files of two different runs are never used together.
/// </summary>
public sealed record ModelManifest(string Format, string RunId, DateTimeOffset CreatedAt, IReadOnlyList<ModelManifest.Entry> Files)
{
    public const string FileName = "manifest.json";
    public const string CurrentFormat = "mlnettransfer-model-folder/1";

    public sealed record Entry(string Name, long Size, string Sha256);

    /// <summary>Describes the files present in <paramref name="folder"/> among <paramref name="names"/>.</summary>
    public static ModelManifest Describe(string folder, string runId, IEnumerable<string> names) => new(CurrentFormat, runId, DateTimeOffset.UtcNow,
        names.Where(n => File.Exists(Path.Combine(folder, n)))
            .Select(n => new Entry(n, new FileInfo(Path.Combine(folder, n)).Length, Hash(Path.Combine(folder, n))))
            .ToArray());

    public void Write(string folder) => CliJson.WriteFile(Path.Combine(folder, FileName), this);

    /// <summary>
    /// Checks that every file the manifest lists is the one the run wrote. A folder without a manifest (written by
    /// an older version) is accepted as it is.
    /// </summary>
    public static void Verify(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
            return;
        ModelManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(path), CliJson.Options)
                ?? throw new JsonException("empty document");
        }
        catch (JsonException e)
        {
            throw new BadInputException($"Model folder manifest '{path}' cannot be read: {e.Message}");
        }
        if (manifest.Format != CurrentFormat)
            throw new BadInputException($"Model folder manifest '{path}': field 'format' is '{manifest.Format}', expected '{CurrentFormat}'.");
        foreach (var entry in manifest.Files ?? [])
        {
            var file = Path.Combine(folder, entry.Name);
            var reason = !File.Exists(file) ? "is missing"
                : new FileInfo(file).Length != entry.Size ? $"is {new FileInfo(file).Length} bytes, not the {entry.Size} of run {manifest.RunId}"
                : Hash(file) != entry.Sha256 ? $"is not the file run {manifest.RunId} wrote (sha256 differs)"
                : null;
            if (reason is not null)
            {
                throw new BadInputException($"Model folder '{folder}' mixes files of different runs: '{entry.Name}' {reason} " +
                    $"(see {FileName}); a write was interrupted or a file was replaced. Train again into this folder.");
            }
        }
    }

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
