using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MLNetTransfer.IO;
using Orleans.Storage;

namespace MLNetTransfer.Cluster.Storage;

/// <summary>
/// Grain state as one JSON file per grain in a folder on a shared file system, written atomically, with the file's
/// version as ETag so a stale writer is refused. For clusters without a database, and for the in-process tests.
/// </summary>
internal sealed class FileGrainStorage(string folder) : IGrainStorage
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        if (!File.Exists(path))
            return Task.CompletedTask;
        var stored = JsonSerializer.Deserialize<Stored<T>>(File.ReadAllBytes(path), Json)
            ?? throw new InvalidDataException($"Grain state file {path} is empty.");
        grainState.State = stored.State;
        grainState.ETag = stored.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var path = PathOf(stateName, grainId);
        var current = CurrentVersion<T>(path);
        if (current?.ToString(System.Globalization.CultureInfo.InvariantCulture) != grainState.ETag)
            throw new InconsistentStateException($"Grain state {path} was written by another activation.", current?.ToString() ?? "", grainState.ETag ?? "");
        var next = (current ?? 0) + 1;
        Directory.CreateDirectory(folder);
        AtomicFile.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(new Stored<T>(next, grainState.State!), Json));
        grainState.ETag = next.ToString(System.Globalization.CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        File.Delete(PathOf(stateName, grainId));
        grainState.ETag = null;
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private static long? CurrentVersion<T>(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<Stored<T>>(File.ReadAllBytes(path), Json)?.Version : null;

    // Grain ids may hold any character: the file is named after a hash of the state name and the id.
    private string PathOf(string stateName, GrainId grainId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{stateName}\n{grainId}"));
        return Path.Combine(folder, Convert.ToHexStringLower(hash.AsSpan(0, 16)) + ".json");
    }

    private sealed record Stored<T>(long Version, T State);
}
