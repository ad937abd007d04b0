using System.Net;
using System.Net.Sockets;
using MLNetTransfer.Cluster.Jobs;
using Orleans.Configuration;

namespace MLNetTransfer.Cluster.Hosting;

/// <summary>
/// A cluster whose membership, job state and reminders live in one PostgreSQL database (Orleans' ADO.NET providers):
/// every worker and every client is given the same connection string and nothing else.
/// </summary>
internal sealed class PostgresCluster(string connectionString, string clusterId = PostgresCluster.DefaultClusterId)
{
    public const string DefaultClusterId = "mlnet-transfer";
    private const string Invariant = "Npgsql";

    public string ConnectionString { get; } = connectionString;

    public void ConfigureSilo(ISiloBuilder silo, int siloPort, int gatewayPort, IPAddress? advertisedAddress)
    {
        silo.Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = DefaultClusterId; });
        silo.UseAdoNetClustering(o => { o.Invariant = Invariant; o.ConnectionString = ConnectionString; });
        silo.AddAdoNetGrainStorage(ClusterStorageNames.Jobs, o => { o.Invariant = Invariant; o.ConnectionString = ConnectionString; });
        silo.UseAdoNetReminderService(o => { o.Invariant = Invariant; o.ConnectionString = ConnectionString; });
        silo.ConfigureEndpoints(advertisedAddress ?? AdvertisedAddress(), siloPort, gatewayPort, listenOnAnyHostAddress: true);
    }

    public void ConfigureClient(IClientBuilder client)
    {
        client.Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = DefaultClusterId; });
        client.UseAdoNetClustering(o => { o.Invariant = Invariant; o.ConnectionString = ConnectionString; });
    }

    /// <summary>A port nobody listens on now, for the several workers one machine may run.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // The address other machines reach this one on: the first up, non-loopback IPv4 address, else loopback (one machine).
    private static IPAddress AdvertisedAddress() =>
        System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
        ?? IPAddress.Loopback;
}
