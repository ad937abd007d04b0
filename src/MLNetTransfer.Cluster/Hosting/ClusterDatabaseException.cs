namespace MLNetTransfer.Cluster.Hosting;

/// <summary>The cluster's database could not be reached or set up: a problem with what the user gave, not a bug.</summary>
internal sealed class ClusterDatabaseException(string message, Exception inner) : Exception(message, inner);
