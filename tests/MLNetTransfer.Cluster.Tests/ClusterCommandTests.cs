using MLNetTransfer.Cluster.Hosting;
using MLNetTransfer.Cluster.Tests.Support;
using Npgsql;

namespace MLNetTransfer.Cluster.Tests;

public class ClusterCommandTests
{
    [Fact]
    public async Task A_worker_given_an_unreachable_database_exits_2_naming_it_without_its_password()
    {
        using var worker = new CliProcess("worker", "--cluster", "Host=127.0.0.1;Port=1;Database=nowhere;Username=u;Password=secret;Timeout=3");

        var exit = await worker.WaitAsync(TimeSpan.FromMinutes(2));

        exit.Should().Be(2, worker.Output);
        worker.Output.Should().Contain("Cannot reach the cluster database (host 127.0.0.1, port 1, database nowhere)")
            .And.NotContain("secret");
    }

    [ClusterFact]
    public async Task The_schema_can_be_applied_again_and_leaves_every_query_the_providers_need()
    {
        TestPostgres.Connection.Should().NotBeNull(TestPostgres.Problem);
        await PostgresSchema.EnsureAsync(TestPostgres.Connection!);
        await PostgresSchema.EnsureAsync(TestPostgres.Connection!);

        await using var connection = new NpgsqlConnection(TestPostgres.Connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery", connection);
        var keys = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                keys.Add(reader.GetString(0));
        keys.Should().Contain(["InsertMembershipKey", "UpdateMembershipKey", "GatewaysQueryKey", "CleanupDefunctSiloEntryKey",
            "WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "UpsertReminderRowKey", "ReadRangeRows2Key", "DeleteReminderRowKey"]);
        keys.Should().OnlyHaveUniqueItems();
    }
}
