using Microsoft.Extensions.DependencyInjection;
using MLNetTransfer.Cluster.Jobs;
using MLNetTransfer.Cluster.Storage;
using MLNetTransfer.Cluster.Workers;
using Orleans.Storage;

namespace MLNetTransfer.Cluster.Hosting;

/// <summary>What every silo of a featurize cluster needs, whatever its membership and state storage.</summary>
internal static class ShardJobsSiloSetup
{
    /// <summary>Makes the silo a worker: it hosts job grains and runs shards with the given executor.</summary>
    public static ISiloBuilder AddShardWorker(this ISiloBuilder silo, Func<IServiceProvider, IShardExecutor> executor, ShardWorkerOptions options)
    {
        silo.Services.AddSingleton(options);
        silo.Services.AddSingleton(executor);
        silo.Services.AddHostedService<ShardWorker>();
        return silo;
    }

    /// <summary>Job state as JSON files in a shared folder (no database): one machine, or a shared file system.</summary>
    public static ISiloBuilder AddFileJobStorage(this ISiloBuilder silo, string folder)
    {
        silo.Services.AddKeyedSingleton<IGrainStorage>(ClusterStorageNames.Jobs, (_, _) => new FileGrainStorage(folder));
        return silo;
    }
}
