using MLNetTransfer.Cluster.Jobs;

namespace MLNetTransfer.Cluster.Tests;

public class ShardLeaseBookTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly ShardJobPolicy Policy = new() { LeaseTimeout = TimeSpan.FromSeconds(10), MaxAttempts = 2, SlowShardFactor = 3, MinFinishedForMedian = 2 };

    private static ShardLeaseBook NewJob(int shards)
    {
        var book = new ShardLeaseBook(new ShardJobState());
        book.Submit("{\"job\":1}", shards, Policy, T0);
        return book;
    }

    private static readonly ShardReport Ten = new(10, 0, 1);

    [Fact]
    public void Every_shard_is_leased_once_and_the_job_finishes_when_all_complete()
    {
        var book = NewJob(3);
        var grants = Enumerable.Range(0, 3).Select(i => book.Lease("job", $"w{i}", T0)!).ToArray();
        grants.Select(g => g.Shard).Should().BeEquivalentTo([0, 1, 2]);
        book.Lease("job", "w3", T0).Should().BeNull("every shard is leased and none is slow yet");

        foreach (var g in grants)
            book.Complete(g.LeaseId, Ten, T0.AddSeconds(1)).Should().Be(CompletionVerdict.Accepted);

        book.IsFinished.Should().BeTrue();
        book.Progress("job", T0.AddSeconds(2)).Should().Match<ShardJobProgress>(p => p.IsComplete && p.Images == 30 && p.Releases == 0);
    }

    [Fact]
    public void A_lease_not_renewed_in_time_is_given_up_releases_the_shard_and_its_late_completion_is_rejected()
    {
        var book = NewJob(1);
        var dead = book.Lease("job", "dead", T0)!;

        book.Renew(dead.LeaseId, T0.AddSeconds(5)).Should().BeTrue();
        var again = book.Lease("job", "alive", T0.AddSeconds(16))!;

        again.Shard.Should().Be(dead.Shard);
        book.State.Releases.Should().Be(1);
        book.Renew(dead.LeaseId, T0.AddSeconds(17)).Should().BeFalse("the job gave that lease up");
        book.Complete(dead.LeaseId, Ten, T0.AddSeconds(18)).Should().Be(CompletionVerdict.Rejected);
        book.IsFinished.Should().BeFalse();
        book.Complete(again.LeaseId, Ten, T0.AddSeconds(19)).Should().Be(CompletionVerdict.Accepted);
        book.Progress("job", T0.AddSeconds(20)).RejectedCompletions.Should().Be(1);
    }

    [Fact]
    public void A_shard_failing_more_than_the_bound_fails_the_job_with_its_reason()
    {
        var book = NewJob(2);
        var first = book.Lease("job", "w", T0)!;
        book.Fail(first.LeaseId, "disk full", T0).Should().BeTrue();
        book.IsFinished.Should().BeFalse("one failure is retried");

        var retry = book.Lease("job", "w", T0)!;
        retry.Shard.Should().Be(first.Shard);
        book.Fail(retry.LeaseId, "disk still full", T0);

        book.IsFinished.Should().BeTrue();
        book.State.FailureReason.Should().Contain($"shard {first.Shard} of 2 failed 2 times").And.Contain("disk still full");
        book.Lease("job", "w", T0).Should().BeNull("a failed job leases nothing");
    }

    [Fact]
    public void Once_the_queue_is_empty_a_shard_far_slower_than_the_median_is_leased_again_and_the_first_pack_wins()
    {
        var book = NewJob(3);
        var slow = book.Lease("job", "slow", T0)!;
        var a = book.Lease("job", "a", T0)!;
        var b = book.Lease("job", "b", T0)!;
        book.Complete(a.LeaseId, Ten with { Seconds = 2 }, T0.AddSeconds(2));
        book.Complete(b.LeaseId, Ten with { Seconds = 2 }, T0.AddSeconds(2));
        book.Renew(slow.LeaseId, T0.AddSeconds(5));

        book.Lease("job", "a", T0.AddSeconds(5)).Should().BeNull("5 s is not three times the 2 s median");
        book.Renew(slow.LeaseId, T0.AddSeconds(7));
        book.Lease("job", "slow", T0.AddSeconds(7)).Should().BeNull("the slow worker is not given its own shard");
        var copy = book.Lease("job", "a", T0.AddSeconds(7))!;

        copy.Shard.Should().Be(slow.Shard);
        book.State.SlowShardReruns.Should().Be(1);
        book.Complete(copy.LeaseId, Ten, T0.AddSeconds(8)).Should().Be(CompletionVerdict.Accepted);
        book.Complete(slow.LeaseId, Ten, T0.AddSeconds(9)).Should().Be(CompletionVerdict.AlreadyDone);
        book.Renew(slow.LeaseId, T0.AddSeconds(9)).Should().BeFalse();
        book.IsFinished.Should().BeTrue();
    }

    [Fact]
    public void Submitting_the_same_job_again_reattaches_and_another_job_under_the_same_id_is_refused()
    {
        var book = NewJob(2);
        var grant = book.Lease("job", "w", T0)!;

        book.Submit("{\"job\":1}", 2, Policy, T0.AddSeconds(1)).Should().BeFalse();
        book.State.Shards[grant.Shard].Status.Should().Be(ShardStatus.Leased, "re-attaching keeps the job's progress");
        FluentActions.Invoking(() => book.Submit("{\"job\":2}", 2, Policy, T0)).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void The_job_id_depends_on_the_definition_and_the_shard_count_only()
    {
        ShardJobId.For("{\"a\":1}", 16).Should().Be(ShardJobId.For("{\"a\":1}", 16));
        ShardJobId.For("{\"a\":1}", 16).Should().NotBe(ShardJobId.For("{\"a\":1}", 8));
        ShardJobId.For("{\"a\":1}", 16).Should().NotBe(ShardJobId.For("{\"a\":2}", 16));
    }
}
