namespace MLNetTransfer.Tests.Support;

/// <summary>
/// Tests that use or measure the whole process (the console, environment variables, the process's memory) run in this
/// collection: one at a time, after the tests that run in parallel.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideCollection
{
    public const string Name = "Process-wide state";
}
