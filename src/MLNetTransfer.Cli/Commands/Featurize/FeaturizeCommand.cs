using System.CommandLine;
using MLNetTransfer.Cli.App;
using MLNetTransfer.Cli.Output;
using MLNetTransfer.FeatureStore;

namespace MLNetTransfer.Cli.Commands.Featurize;

/// <summary>
/// <c>featurize --data DIR|--list FILE --backbone FILE|--arch NAME --store DIR [--shard K/N]</c>: the bottlenecks of one
/// shard of the images into a feature store, for any batch scheduler to run as an array of tasks.
/// </summary>
public static class FeaturizeCommand
{
    public static Command Create(Ui ui)
    {
        var data = new Option<string?>("--data") { Description = "Images: a folder with one sub-folder per class (every image file below it)." };
        var list = new Option<string?>("--list") { Description = "Images: a path,label list file (paths relative to its folder), instead of --data." };
        var backbone = new Option<string?>("--backbone") { Description = "A local ONNX backbone; its spec is FILE.json beside it." };
        var arch = new Option<string?>("--arch") { Description = "A catalog backbone (see 'backbones list'), instead of --backbone." };
        var store = new Option<string>("--store") { Description = "The feature store folder (shared by every shard; 'train --store' reads it).", Required = true };
        var shard = new Option<string?>("--shard") { Description = "K/N: compute shard K (0 to N-1) of N; default 0/1, all images in one shard." };
        var threads = new Option<int?>("--threads") { Description = "Threads for decoding and ONNX Runtime; 0 (default) uses one per core." };
        var cacheDir = new Option<string?>("--cache-dir") { Description = "Where catalog backbones are downloaded to." };
        var offline = new Option<bool>("--offline") { Description = "Never download; use cached backbones only." };
        var mirror = new Option<string?>("--mirror") { Description = "Base URL serving backbone files by file name." };
        var cluster = new Option<string?>("--cluster") { Description = "Run every shard on a cluster's workers (its PostgreSQL connection string) and follow the job; --shard then gives only N." };
        var clusterId = new Option<string>("--cluster-id") { Description = "Name of the cluster in the database.", DefaultValueFactory = _ => Cluster.Hosting.PostgresCluster.DefaultClusterId };
        var leaseTimeout = new Option<double>("--lease-timeout") { Description = "With --cluster: seconds after which a shard whose worker stopped renewing is leased again.", DefaultValueFactory = _ => 120 };
        var maxAttempts = new Option<int>("--max-attempts") { Description = "With --cluster: failures of one shard after which the job fails.", DefaultValueFactory = _ => 3 };
        var command = new Command("featurize", HelpText.WithExamples(
            "Compute the bottlenecks of one shard of the images into a feature store; re-running skips finished shards.",
            "mlnet-transfer featurize --data photos --arch MobilenetV2 --store /mnt/features",
            "mlnet-transfer featurize --data /mnt/photos --backbone /mnt/models/net.onnx --store /mnt/features --shard $JOB_COMPLETION_INDEX/64",
            "mlnet-transfer featurize --list /mnt/photos/all.csv --arch ResNet18 --store /mnt/features --shard $SLURM_ARRAY_TASK_ID/256 --threads 4"))
        {
            data, list, backbone, arch, store, shard, threads, cacheDir, offline, mirror, cluster, clusterId, leaseTimeout, maxAttempts,
        };
        command.SetAction(parse =>
        {
            var (index, count) = ShardFlag.Parse(parse.GetValue(shard));
            var job = new ShardJob
            {
                DataRoot = FullPath(parse.GetValue(data)),
                ListFile = FullPath(parse.GetValue(list)),
                BackbonePath = FullPath(parse.GetValue(backbone)),
                Arch = parse.GetValue(arch),
                BackboneCacheDirectory = FullPath(parse.GetValue(cacheDir)),
                Offline = parse.GetValue(offline),
                Mirror = parse.GetValue(mirror),
                Store = Path.GetFullPath(parse.GetValue(store)!),
                ShardCount = count,
                Threads = parse.GetValue(threads) ?? 0,
            };
            if (parse.GetValue(cluster) is { } connection)
                return RunOnCluster(ui, job, index, connection, parse.GetValue(clusterId)!, parse.GetValue(leaseTimeout), parse.GetValue(maxAttempts));
            return Run(ui, job, index);
        });
        return command;
    }

    public static int Run(Ui ui, ShardJob job, int shardIndex)
    {
        CheckInputs(job);
        ProgressLine? line = null;
        var progress = new Featurization.InlineProgress<Featurization.FeaturizeProgress>(p => line?.Report(p.Processed));
        using var runner = new ShardRunner(job) { Progress = progress };
        var plan = runner.Plan;
        var images = plan.Shards[shardIndex].Images.Count;
        ui.Line($"Featurize: shard {shardIndex}/{job.ShardCount} of job {plan.JobId} ({images} of {plan.ImageCount} images), store {job.Store}");
        // A finished shard is reported without a progress line: nothing is featurized.
        var result = runner.TryGetCompleted(shardIndex, ui.Cancellation);
        if (result is null)
        {
            line = ui.Progress("featurizing", images, "images");
            result = runner.RunAsync(shardIndex, ui.Cancellation).GetAwaiter().GetResult();
            line.Finish(images);
        }

        if (result.Redone is { } redone)
            ui.Warn($"{redone}; computed again.");
        foreach (var bad in result.BadImages)
            ui.Warn($"skipped {bad.Name}: {bad.Reason}");
        var pack = Path.Combine(job.Store, result.PackPath);
        var speed = result.AlreadyComplete || result.Elapsed <= TimeSpan.Zero ? "" : $", {Format.Number(result.Images / result.Elapsed.TotalSeconds, 1)} images/s";
        ui.Line(result.AlreadyComplete
            ? $"Shard {shardIndex}/{job.ShardCount} was already complete: {result.FeaturesWritten} features, {result.BadImages.Count} bad images in {pack}"
            : $"Shard {shardIndex}/{job.ShardCount}: {result.FeaturesWritten} features written, {result.BadImages.Count} bad images, {pack} " +
              $"(sha256 {result.PackHash[..16]}), {Format.Duration(result.Elapsed)}{speed}");
        return ExitCodes.Success;
    }

    private static int RunOnCluster(Ui ui, ShardJob job, int shardIndex, string connection, string clusterId, double leaseSeconds, int maxAttempts)
    {
        CheckInputs(job);
        return ClusterFeaturize.Run(ui, job, connection, clusterId, ClusterPolicy(shardIndex, leaseSeconds, maxAttempts));
    }

    /// <summary>The leasing policy of the --cluster flags; --shard then gives only the number of shards.</summary>
    internal static Cluster.Jobs.ShardJobPolicy ClusterPolicy(int shardIndex, double leaseSeconds, int maxAttempts)
    {
        if (shardIndex != 0)
            throw new UsageException("With --cluster, --shard gives only the number of shards (0/N): the cluster runs them all.");
        if (leaseSeconds <= 0)
            throw new UsageException($"--lease-timeout must be more than 0 seconds (got {leaseSeconds}).");
        if (maxAttempts < 1)
            throw new UsageException($"--max-attempts must be at least 1 (got {maxAttempts}).");
        return new Cluster.Jobs.ShardJobPolicy { LeaseTimeout = TimeSpan.FromSeconds(leaseSeconds), MaxAttempts = maxAttempts };
    }

    private static void CheckInputs(ShardJob job)
    {
        try
        {
            job.Validate();
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message.Replace("DataRoot", "--data", StringComparison.Ordinal).Replace("ListFile", "--list", StringComparison.Ordinal)
                .Replace("BackbonePath", "--backbone", StringComparison.Ordinal).Replace("Arch ", "--arch ", StringComparison.Ordinal)
                .Replace("Threads", "--threads", StringComparison.Ordinal));
        }
        if (job.DataRoot is not null && !Directory.Exists(job.DataRoot))
            throw new BadInputException($"--data folder '{job.DataRoot}' does not exist.");
        if (job.ListFile is not null && !File.Exists(job.ListFile))
            throw new BadInputException($"--list file '{job.ListFile}' does not exist.");
    }

    private static string? FullPath(string? path) => path is null ? null : Path.GetFullPath(path);
}
