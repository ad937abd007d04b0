using MLNetTransfer.Cli.App;
using MLNetTransfer.Cli.Commands.Shared;
using MLNetTransfer.Scoring;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>
/// Makes the train output folder one unit: model.zip, model.onnx, model.json, metrics.json and report.html are
/// written into a fresh sibling folder, <see cref="ModelManifest"/> last, and the finished folder then takes the
/// place of the old one in one rename (Linux: renameat2 RENAME_EXCHANGE), so readers see the complete previous set
/// or the complete new one. A sibling lock file refuses a second writer of the same folder; folders left by
/// killed runs are cleaned up (files of the user's that were in the old folder are kept).
/// </summary>
public sealed class ModelFolderWriter : IDisposable
{
    /// <summary>What a run writes; anything else in the output folder is the user's and is carried over.</summary>
    public static readonly IReadOnlySet<string> SetFiles = new HashSet<string>(StringComparer.Ordinal)
    {
        ModelFiles.ModelZip, ModelFiles.ModelOnnx, ModelFiles.ModelJson, TrainRun.MetricsFile, ReportStep.FileName, ModelManifest.FileName,
    };

    private readonly FileStream _lock;
    private bool _committed;

    private ModelFolderWriter(string output, FileStream heldLock, string runId)
    {
        Output = output;
        _lock = heldLock;
        RunId = runId;
        Staging = SiblingPath(output, $"staging-{runId}");
        Directory.CreateDirectory(Staging);
    }

    public string Output { get; }

    /// <summary>Where this run writes its files until <see cref="Commit"/>.</summary>
    public string Staging { get; }

    public string RunId { get; }

    /// <summary>
    /// Checks --output before any work: refuses a file, a folder that cannot be written and a folder another run is
    /// writing; then tidies what killed runs left.
    /// </summary>
    public static ModelFolderWriter Begin(string output)
    {
        output = Path.TrimEndingDirectorySeparator(Path.GetFullPath(output));
        if (File.Exists(output))
            throw new BadInputException($"--output '{output}' is a file; give a folder (it is created if missing).");
        var parent = Path.GetDirectoryName(output) ?? throw new BadInputException($"--output '{output}' cannot be a root folder.");
        FileStream heldLock;
        var lockPath = SiblingPath(output, "lock");
        try
        {
            Directory.CreateDirectory(parent);
            heldLock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new BadInputException($"Cannot write to the output folder '{output}': permission denied in '{parent}'.", e);
        }
        catch (IOException e) when (File.Exists(lockPath))
        {
            throw new BadInputException($"Another training run is writing to '{output}' (it holds '{lockPath}'); " +
                "wait for it to finish or choose another --output.", e);
        }

        try
        {
            Recover(output);
            return new ModelFolderWriter(output, heldLock, $"{DateTime.UtcNow:yyyyMMddTHHmmss}-{Guid.NewGuid():N}"[..24]);
        }
        catch (Exception e)
        {
            heldLock.Dispose();
            if (e is UnauthorizedAccessException)
                throw new BadInputException($"Cannot write to the output folder '{output}': permission denied.", e);
            throw;
        }
    }

    /// <summary>Writes the manifest, then puts the staged set in place of the output folder.</summary>
    public void Commit()
    {
        ModelManifest.Describe(Staging, RunId, SetFiles.Where(n => n != ModelManifest.FileName)).Write(Staging);
        if (!Directory.Exists(Output))
        {
            Directory.Move(Staging, Output);
        }
        else
        {
            switch (FolderSwap.Exchange(Staging, Output))
            {
                case FolderSwap.Result.Exchanged:
                    CarryOver(Staging, Output);
                    Directory.Delete(Staging, recursive: true);
                    break;
                case FolderSwap.Result.Unsupported:
                    // Two renames: a kill between them leaves no output folder, which the next run repairs (Recover).
                    var previous = SiblingPath(Output, $"previous-{RunId}");
                    Directory.Move(Output, previous);
                    Directory.Move(Staging, Output);
                    CarryOver(previous, Output);
                    Directory.Delete(previous, recursive: true);
                    break;
                case FolderSwap.Result.OtherFileSystem:
                    CopyIntoPlace();
                    break;
            }
        }
        _committed = true;
    }

    public void Dispose()
    {
        if (!_committed)
            TryDelete(Staging);
        _lock.Dispose();
    }

    /// <summary>
    /// The output folder is a mount point or on another file system than its parent, so no rename can swap it: each
    /// file is copied in atomically, the new manifest first. Until the last copy ends, the manifest and the files
    /// disagree and loading refuses the folder, naming the file: never a silent mix.
    /// </summary>
    private void CopyIntoPlace()
    {
        foreach (var name in SetFiles.OrderBy(n => n == ModelManifest.FileName ? 0 : 1))
        {
            var source = Path.Combine(Staging, name);
            if (File.Exists(source))
                AtomicFile.Write(Path.Combine(Output, name), stream => { using var input = File.OpenRead(source); input.CopyTo(stream); });
        }
        TryDelete(Staging);
    }

    /// <summary>Puts back an output folder a kill left missing, and removes what killed runs left beside it.</summary>
    private static void Recover(string output)
    {
        var parent = Path.GetDirectoryName(output)!;
        var prefix = $".{Path.GetFileName(output)}.";
        var leftovers = Directory.GetDirectories(parent, prefix + "*")
            .Where(d => Path.GetFileName(d)[prefix.Length..] is var rest && (rest.StartsWith("staging-", StringComparison.Ordinal) || rest.StartsWith("previous-", StringComparison.Ordinal)))
            .OrderByDescending(Directory.GetLastWriteTimeUtc)
            .ToList();
        if (!Directory.Exists(output))
        {
            // Killed between two renames: the finished new set (it has its manifest) wins, else the previous folder.
            var restore = leftovers.FirstOrDefault(d => File.Exists(Path.Combine(d, ModelManifest.FileName)) && Path.GetFileName(d).Contains("staging-", StringComparison.Ordinal))
                ?? leftovers.FirstOrDefault(d => Path.GetFileName(d).Contains("previous-", StringComparison.Ordinal));
            if (restore is not null)
            {
                Directory.Move(restore, output);
                leftovers.Remove(restore);
            }
        }
        foreach (var leftover in leftovers)
        {
            if (Directory.Exists(output))
                CarryOver(leftover, output);
            TryDelete(leftover);
        }
    }

    /// <summary>Moves the user's own entries (anything not written by a run) from an old folder into the new one.</summary>
    private static void CarryOver(string from, string to)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(from))
        {
            var name = Path.GetFileName(entry);
            var target = Path.Combine(to, name);
            if (SetFiles.Contains(name) || name.EndsWith(".tmp", StringComparison.Ordinal) || Path.Exists(target))
                continue;
            if (Directory.Exists(entry))
                Directory.Move(entry, target);
            else
                File.Move(entry, target);
        }
    }

    private static string SiblingPath(string output, string suffix) =>
        Path.Combine(Path.GetDirectoryName(output)!, $".{Path.GetFileName(output)}.{suffix}");

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the next run removes it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
