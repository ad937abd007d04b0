using System.CommandLine;
using System.Net;
using MLNetTransfer.Cli.App;
using MLNetTransfer.Cli.Output;
using MLNetTransfer.Cluster.Hosting;

namespace MLNetTransfer.Cli.Commands.Worker;

/// <summary>
/// <c>worker --cluster CONNECTION --store DIR [--threads N]</c>: joins the cluster and runs the shards it is leased
/// until stopped (Ctrl+C, SIGTERM). Any number of workers on any number of machines; each may host job grains.
/// </summary>
public static class WorkerCommand
{
    public static Command Create(Ui ui)
    {
        var cluster = new Option<string>("--cluster") { Description = "The cluster's PostgreSQL connection string (membership, job state, reminders).", Required = true };
        var store = new Option<string?>("--store") { Description = "The feature store folder as this machine mounts it; default: the path in the job." };
        var threads = new Option<int?>("--threads") { Description = "Threads for decoding and ONNX Runtime per shard; default: the job's (0 = one per core)." };
        var clusterId = new Option<string>("--cluster-id") { Description = "Name of the cluster in the database.", DefaultValueFactory = _ => PostgresCluster.DefaultClusterId };
        var port = new Option<int?>("--port") { Description = "Silo-to-silo port; default: a free one." };
        var gatewayPort = new Option<int?>("--gateway-port") { Description = "Port clients connect to; default: a free one." };
        var advertise = new Option<string?>("--advertise") { Description = "Address other machines reach this one on; default: the first non-loopback IPv4 address." };
        var command = new Command("worker", HelpText.WithExamples(
            "Join a featurize cluster and run the shards it leases to this process, until stopped.",
            "mlnet-transfer worker --cluster \"Host=db;Username=mlnet;Password=...;Database=mlnet\" --store /mnt/features --threads 4"))
        {
            cluster, store, threads, clusterId, port, gatewayPort, advertise,
        };
        command.SetAction(parse =>
        {
            var threadCount = parse.GetValue(threads);
            if (threadCount is < 0)
                throw new UsageException($"--threads must be 0 (one per core) or more (got {threadCount}).");
            IPAddress? address = null;
            if (parse.GetValue(advertise) is { } text && !IPAddress.TryParse(text, out address))
                throw new UsageException($"--advertise must be an IP address (got '{text}').");
            var settings = new WorkerSettings(parse.GetValue(cluster)!, parse.GetValue(store) is { } s ? Path.GetFullPath(s) : null, threadCount,
                parse.GetValue(clusterId)!, parse.GetValue(port), parse.GetValue(gatewayPort), address);
            ui.Line($"Worker joining cluster '{settings.ClusterId}' ({PostgresSchema.Describe(settings.Connection)}); store {settings.Store ?? "(from each job)"}");
            try
            {
                ClusterWorkerHost.RunAsync(settings, ui.Cancellation).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (ui.Cancellation.IsCancellationRequested)
            {
            }
            catch (ClusterDatabaseException e)
            {
                throw new BadInputException(e.Message, e);
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
