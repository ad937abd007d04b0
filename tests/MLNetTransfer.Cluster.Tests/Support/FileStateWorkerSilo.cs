using MLNetTransfer.Cluster.Hosting;
using MLNetTransfer.Cluster.Workers;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace MLNetTransfer.Cluster.Tests.Support;

/// <summary>A TestingHost silo that is a worker: job state in a folder of the test, reminders in memory, fast polling.</summary>
internal sealed class FileStateWorkerSilo : ISiloConfigurator
{
    /// <summary>The builder property naming the folder of the job state.</summary>
    public const string StateFolderKey = "MLNetTransfer:StateFolder";

    /// <summary>Deploys <paramref name="silos"/> such silos in this process, their job state under <paramref name="stateFolder"/>.</summary>
    public static async Task<TestCluster> DeployAsync(int silos, string stateFolder)
    {
        var builder = new TestClusterBuilder((short)silos);
        builder.Properties[StateFolderKey] = stateFolder;
        builder.AddSiloBuilderConfigurator<FileStateWorkerSilo>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>Stops every silo of <paramref name="cluster"/> and lets it go.</summary>
    public static async Task StopAsync(TestCluster cluster)
    {
        await cluster.StopAllSilosAsync();
        await cluster.DisposeAsync();
    }

    public void Configure(ISiloBuilder silo)
    {
        var stateFolder = silo.Configuration[StateFolderKey] ?? throw new InvalidOperationException("no state folder");
        silo.AddFileJobStorage(stateFolder);
        silo.UseInMemoryReminderService();
        silo.Configure<ClusterMembershipOptions>(o => o.ProbeTimeout = TimeSpan.FromSeconds(2));
        silo.AddShardWorker(_ => new ShardRunnerExecutor(store: null, threads: 1),
            new ShardWorkerOptions { IdlePoll = TimeSpan.FromMilliseconds(300) });
    }
}
