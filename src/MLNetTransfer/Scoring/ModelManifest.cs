using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MLNetTransfer.Scoring;

/// <summary>
/// manifest.json of a model folder (what `mlnet-transfer train` writes), written after every other file of the run:
/// the run id and each file's size and sha256. Every loader checks the folder against it, so files of two different
/// runs are never used together.
/// </summary>
internal sealed record ModelManifest(string Format, string RunId, DateTimeOffset CreatedAt, IReadOnlyList<ModelManifest.Entry> Files)
{
    public const string FileName = "manifest.json";
    public const string CurrentFormat = "mlnettransfer-model-folder/1";

    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public sealed record Entry(string Name, long Size, string Sha256);

    /// <summary>Describes the files present in <paramref name="folder"/> among <paramref name="names"/>.</summary>
    public static ModelManifest Describe(string folder, string runId, IEnumerable<string> names) => new(CurrentFormat, runId, DateTimeOffset.UtcNow,
        names.Where(n => File.Exists(Path.Combine(folder, n)))
            .Select(n => new Entry(n, new FileInfo(Path.Combine(folder, n)).Length, Hash(Path.Combine(folder, n))))
            .ToArray());

    public void Write(string folder) =>
        AtomicFile.WriteAllText(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, s_json) + Environment.NewLine);

    /// <summary>
    /// Checks that the files the manifest of <paramref name="folder"/> lists are the ones its run wrote: all of them, or
    /// only those named in <paramref name="only"/> (the files a loader reads). A folder without a manifest (written by an
    /// older version, or by the user's own code) is accepted as it is. Throws <see cref="InvalidDataException"/> naming
    /// the folder and the file that does not belong.
    /// </summary>
    public static void Verify(string folder, IReadOnlyCollection<string>? only = null)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
            return;
        ModelManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(path), s_json)
                ?? throw new JsonException("empty document");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Model folder manifest '{path}' cannot be read: {e.Message}", e);
        }
        if (manifest.Format != CurrentFormat)
            throw new InvalidDataException($"Model folder manifest '{path}': field 'format' is '{manifest.Format}', expected '{CurrentFormat}'.");
        foreach (var entry in manifest.Files ?? [])
        {
            if (only is not null && !only.Contains(entry.Name, StringComparer.Ordinal))
                continue;
            var file = Path.Combine(folder, entry.Name);
            var reason = !File.Exists(file) ? "is missing"
                : new FileInfo(file).Length != entry.Size ? $"is {new FileInfo(file).Length} bytes, not the {entry.Size} of run {manifest.RunId}"
                : Hash(file) != entry.Sha256 ? $"is not the file run {manifest.RunId} wrote (sha256 differs)"
                : null;
            if (reason is not null)
            {
                throw new InvalidDataException($"Model folder '{folder}' mixes files of different runs: '{entry.Name}' {reason} " +
                    $"(see {FileName}); a write was interrupted or a file was replaced. Train again into this folder.");
            }
        }
    }

    /// <summary>
    /// <see cref="Verify"/> for a loader of <paramref name="files"/> (full paths, all in one folder): checks the
    /// manifest beside them, if any, for those files only.
    /// </summary>
    public static void VerifyFilesOf(params string[] files)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(files[0]))!;
        Verify(folder, files.Select(Path.GetFileName).ToArray()!);
    }

    private static string Hash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
