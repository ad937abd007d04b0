using MLNetTransfer.Cli.App;
using MLNetTransfer.Cli.Commands.Featurize;
using MLNetTransfer.Cli.Commands.Shared;
using MLNetTransfer.Cli.Output;
using MLNetTransfer.Prediction.Batch;

namespace MLNetTransfer.Cli.Commands.Predict;

/// <summary>
/// <c>predict --model M --data DIR|--list FILE [--store DIR --shard K/N] [--cluster CONNECTION] [--output results.csv]</c>:
/// the images scored shard by shard into result files in the store; once every shard is there, their rows in shard
/// order become results.csv. Without --store a temporary one holds the single shard.
/// </summary>
internal static class BatchPredict
{
    public static int Run(Ui ui, BatchPredictSettings settings)
    {
        var (data, list) = (FullPath(settings.Data), FullPath(settings.List));
        if ((data is null) == (list is null))
            throw new UsageException("predict needs exactly one of --data (a folder) or --list (a path,label list) for a batch, or image paths.");
        if (data is not null && !Directory.Exists(data))
            throw new BadInputException($"--data folder '{data}' does not exist.");
        if (list is not null && !File.Exists(list))
            throw new BadInputException($"--list file '{list}' does not exist.");
        if (settings.Store is null && (settings.Shard.Count > 1 || settings.Cluster is not null))
            throw new UsageException("--shard K/N and --cluster need --store, the folder shared by every shard's results.");
        if (settings.Store is null && settings.Output is null)
            throw new UsageException("A batch prediction needs --output (results.csv), --store (shard results), or both.");

        var modelPath = ModelLocator.Resolve(settings.Model);
        using var temporaryStore = settings.Store is null ? new TemporaryFolder() : null;
        var job = new BatchPredictionJob
        {
            DataRoot = data,
            ListFile = list,
            ModelPath = modelPath,
            ModelHash = BatchPredictionJob.HashOf(modelPath),
            Store = Path.GetFullPath(settings.Store ?? temporaryStore!.Path),
            ShardCount = settings.Shard.Count,
        };
        var runner = new BatchPredictionRunner(job);

        if (settings.Cluster is { } connection)
        {
            var policy = FeaturizeCommand.ClusterPolicy(settings.Shard.Index, settings.LeaseSeconds, settings.MaxAttempts);
            var code = ClusterFeaturize.Run(ui, "Predict", job.ToJson(), job.ShardCount, job.Store, connection, settings.ClusterId, policy);
            if (code != ExitCodes.Success)
                return code;
        }
        else
        {
            var k = settings.Shard.Index;
            var images = runner.Plan.Shards[k].Images.Count;
            ui.Line($"Predict: shard {k}/{job.ShardCount} ({images} of {runner.Plan.ImageCount} images), results {Path.Combine(job.Store, runner.ResultPath(k))}");
            var shard = runner.RunAsync(k, ui.Cancellation).GetAwaiter().GetResult();
            ui.Line(shard.AlreadyComplete
                ? $"Shard {k}/{job.ShardCount} was already complete ({shard.BadImages} bad images)."
                : $"Shard {k}/{job.ShardCount}: {shard.Images} images scored, {shard.BadImages} bad.");
        }

        if (settings.Output is { } output)
        {
            var missing = Enumerable.Range(0, job.ShardCount).Count(s => !runner.IsComplete(s));
            if (missing > 0)
            {
                ui.Line($"{missing} of {job.ShardCount} shard(s) still to run; {output} is written when all are done.");
                return ExitCodes.Success;
            }
            AtomicFile.WriteAllText(Path.GetFullPath(output), runner.Concatenate());
            ui.Line($"Wrote {runner.Plan.ImageCount} predictions to {output}");
        }
        return ExitCodes.Success;
    }

    private static string? FullPath(string? path) => path is null ? null : Path.GetFullPath(path);

    /// <summary>A folder of its own under the temp folder, removed when done.</summary>
    private sealed class TemporaryFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("mlnet-predict-").FullName;

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless.
            }
        }
    }
}

/// <summary>The batch flags of predict.</summary>
internal sealed record BatchPredictSettings(
    string Model,
    string? Data,
    string? List,
    string? Store,
    ShardFlag Shard,
    string? Output,
    string? Cluster,
    string ClusterId,
    double LeaseSeconds,
    int MaxAttempts);
