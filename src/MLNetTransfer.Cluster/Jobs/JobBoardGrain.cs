namespace MLNetTransfer.Cluster.Jobs;

/// <summary>The open jobs of the cluster, durable so that workers find them again after any silo died.</summary>
internal sealed class JobBoardGrain(
    [PersistentState("board", ClusterStorageNames.Jobs)] IPersistentState<JobBoardState> state) : Grain, IJobBoardGrain
{
    public async Task Add(string jobId)
    {
        if (state.State.JobIds.Add(jobId))
            await state.WriteStateAsync();
    }

    public async Task Remove(string jobId)
    {
        if (state.State.JobIds.Remove(jobId))
            await state.WriteStateAsync();
    }

    public Task<string[]> OpenJobs() => Task.FromResult(state.State.JobIds.Order(StringComparer.Ordinal).ToArray());
}

[GenerateSerializer, Alias("MLNetTransfer.JobBoardState")]
public sealed class JobBoardState
{
    [Id(0)] public HashSet<string> JobIds { get; set; } = [];
}
