namespace MLNetTransfer.Cluster.Hosting;

/// <summary>The cluster did not answer for longer than a silo takes to be voted dead: no worker is up, or none can be reached.</summary>
internal sealed class ClusterUnreachableException(string message, Exception inner) : Exception(message, inner);
