namespace MLNetTransfer.Cluster.Tests.Support;

/// <summary>
/// The tests that start CLI processes (workers, jobs, train, predict) run one after the other: side by side they would
/// share the machine's cores and stretch every shard towards its lease timeout.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RealProcessCollection
{
    public const string Name = "Real CLI processes";
}
