using MLNetTransfer.Data;
using MLNetTransfer.Featurization;

namespace MLNetTransfer.FeatureStore;

/// <summary>One image of a shard: its identity (the path relative to the data root or list file) and where to read it.</summary>
public sealed record ShardImage(string Name, string Path);

/// <summary>One shard: its index and its images, in ordinal order of their names.</summary>
public sealed record PlannedShard(int Index, IReadOnlyList<ShardImage> Images);

/// <summary>
/// How a job's images fall into shards (<see cref="ShardAssignment"/>) and the job's identity: a hash of the shard count
/// and every image name, so a job over other images (a second folder, a grown dataset) gets packs of its own in the
/// same store instead of passing for a finished one. Listing reads folders, never image bytes.
/// </summary>
public sealed class ShardPlan
{
    private ShardPlan(string jobId, IReadOnlyList<PlannedShard> shards, IReadOnlyList<SkippedImage> ignored)
    {
        JobId = jobId;
        Shards = shards;
        Ignored = ignored;
    }

    /// <summary>16 hex digits naming the job's packs in the store.</summary>
    public string JobId { get; }

    public int ShardCount => Shards.Count;

    public IReadOnlyList<PlannedShard> Shards { get; }

    /// <summary>Files of the data folder that are not images (with the reason), as a local run lists them.</summary>
    public IReadOnlyList<SkippedImage> Ignored { get; }

    public int ImageCount => Shards.Sum(s => s.Images.Count);

    public static ShardPlan Enumerate(ShardJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        job.Validate();
        return Enumerate(job.DataRoot, job.ListFile, job.ShardCount);
    }

    /// <summary>The shards of the images of a folder (<paramref name="dataRoot"/>) or a list file, whatever the job does with them.</summary>
    internal static ShardPlan Enumerate(string? dataRoot, string? listFile, int shardCount)
    {
        var source = dataRoot ?? listFile ?? throw new ArgumentException("A shard plan needs a data folder or a list file.");
        var dataset = dataRoot is not null ? ImageFolderDataset.Scan(dataRoot) : ImageFolderDataset.FromList(listFile!);
        var root = dataRoot is not null ? dataset.Root : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(source))!;

        // A list naming a file twice (under two labels) still featurizes it once.
        var images = dataset.Images
            .Select(i => new ShardImage(ShardAssignment.IdentityOf(root, i.ImagePath), i.ImagePath))
            .DistinctBy(i => i.Name, StringComparer.Ordinal)
            .OrderBy(i => i.Name, StringComparer.Ordinal)
            .ToArray();
        var jobId = ContentHash.Of($"shards={shardCount}\n{string.Join('\n', images.Select(i => i.Name))}")[..16];
        var byShard = images.ToLookup(i => ShardAssignment.ShardOf(i.Name, shardCount));
        var shards = Enumerable.Range(0, shardCount).Select(k => new PlannedShard(k, byShard[k].ToArray())).ToArray();
        return new ShardPlan(jobId, shards, dataset.Ignored);
    }
}
