using MLNetTransfer.Cluster.Hosting;
using Orleans.Runtime;

namespace MLNetTransfer.Cluster.Tests;

public class ClusterJobClientTests
{
    public static TheoryData<Exception, bool> Failures => new()
    {
        // A silo killed without leaving: messages to it fail until the cluster votes it dead, so the submission waits.
        { new SiloUnavailableException("the silo holding the grain is gone"), true },
        { new TimeoutException("no answer in time"), true },
        // The job grain's own answer: another job under the same id is a refusal, never retried.
        { new InvalidOperationException("A different job is already stored under this job id."), false },
        { new ArgumentOutOfRangeException("shardCount"), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_submission_waits_out_messaging_failures_but_not_the_job_grains_refusal(Exception failure, bool retried)
    {
        ClusterJobClient.IsMessagingFailure(failure).Should().Be(retried);
    }
}
