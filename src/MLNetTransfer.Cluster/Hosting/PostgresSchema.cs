using Npgsql;

namespace MLNetTransfer.Cluster.Hosting;

/// <summary>
/// Creates what Orleans' ADO.NET providers need in the cluster's PostgreSQL database. Safe to run from every worker at
/// start: the script only creates what is missing and replaces its own queries, under a lock so concurrent starts queue.
/// </summary>
internal static class PostgresSchema
{
    // Any fixed number: the advisory lock that serializes schema set-up across processes.
    private const long SetupLock = 0x6D6C6E6574_01;

    public static async Task EnsureAsync(string connectionString, CancellationToken cancellation = default)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellation);
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or ArgumentException)
        {
            throw new ClusterDatabaseException($"Cannot reach the cluster database ({Describe(connectionString)}): {e.Message}", e);
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellation);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({SetupLock})", connection, transaction))
            await lockCommand.ExecuteNonQueryAsync(cancellation);
        await using (var script = new NpgsqlCommand(Script(), connection, transaction))
            await script.ExecuteNonQueryAsync(cancellation);
        await transaction.CommitAsync(cancellation);
    }

    /// <summary>Host, port and database of a connection string, never its password.</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            var b = new NpgsqlConnectionStringBuilder(connectionString);
            return $"host {b.Host}, port {b.Port}, database {b.Database}";
        }
        catch (ArgumentException)
        {
            return "the connection string given";
        }
    }

    private static string Script()
    {
        using var stream = typeof(PostgresSchema).Assembly.GetManifestResourceStream("MLNetTransfer.Cluster.Sql.orleans-postgresql.sql")
            ?? throw new InvalidOperationException("The Orleans PostgreSQL script is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
