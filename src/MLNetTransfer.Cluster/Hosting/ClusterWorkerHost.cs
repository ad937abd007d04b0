using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MLNetTransfer.Cluster.Workers;

namespace MLNetTransfer.Cluster.Hosting;

/// <summary>
/// One worker process: a silo of the cluster (it may host job grains) that pulls shards and runs them on this machine.
/// </summary>
internal static class ClusterWorkerHost
{
    public static async Task RunAsync(WorkerSettings settings, CancellationToken cancellation)
    {
        await PostgresSchema.EnsureAsync(settings.Connection, cancellation);
        var cluster = new PostgresCluster(settings.Connection, settings.ClusterId);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        // Orleans' own chatter only from warnings up; the worker's leases and shards at information.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("MLNetTransfer", LogLevel.Information);
        // Its start-up note about server GC is advice for big machines, not a problem.
        builder.Logging.AddFilter("Orleans.Runtime.Silo", LogLevel.Error);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        builder.UseOrleans(silo =>
        {
            cluster.ConfigureSilo(silo, settings.SiloPort ?? PostgresCluster.FreePort(), settings.GatewayPort ?? PostgresCluster.FreePort(), settings.AdvertisedAddress);
            silo.AddShardWorker(_ => new ShardRunnerExecutor(settings.Store, settings.Threads), new ShardWorkerOptions());
        });
        using var host = builder.Build();
        await host.RunAsync(cancellation);
    }
}

/// <summary>What the worker command is given.</summary>
internal sealed record WorkerSettings(
    string Connection,
    string? Store,
    int? Threads,
    string ClusterId = PostgresCluster.DefaultClusterId,
    int? SiloPort = null,
    int? GatewayPort = null,
    System.Net.IPAddress? AdvertisedAddress = null);
