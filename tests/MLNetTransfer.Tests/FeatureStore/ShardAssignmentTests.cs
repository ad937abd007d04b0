using System.Text;
using MLNetTransfer.FeatureStore;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Tests.FeatureStore;

public class ShardAssignmentTests
{
    [Fact]
    public void An_identity_always_falls_in_the_same_shard()
    {
        // Pinned: a change of the hash would silently move every image to another shard of an existing store.
        ShardAssignment.ShardOf("daisy/100080576_f52e8ee070_n.jpg", 16).Should().Be(Pinned);
        ShardAssignment.ShardOf("daisy/100080576_f52e8ee070_n.jpg", 1).Should().Be(0);
    }

    [Fact]
    public void Identities_are_relative_slash_separated_and_NFC()
    {
        var root = Path.Combine(Path.GetTempPath(), "data");
        var nfd = "ro\u0301ses".Normalize(NormalizationForm.FormD);
        ShardAssignment.IdentityOf(root, Path.Combine(root, nfd, "a.jpg")).Should().Be("r\u00f3ses/a.jpg");
    }

    [Fact]
    public void Shards_split_the_images_evenly_enough_and_cover_each_once()
    {
        var names = Enumerable.Range(0, 4000).Select(i => $"class{i % 7}/img_{i:D5}.jpg").ToArray();
        var counts = names.GroupBy(n => ShardAssignment.ShardOf(n, 8)).ToDictionary(g => g.Key, g => g.Count());
        counts.Keys.Should().BeEquivalentTo(Enumerable.Range(0, 8));
        counts.Values.Should().OnlyContain(c => c > 400 && c < 600);
    }

    [Fact]
    public void The_plan_does_not_depend_on_the_listing_order_or_on_other_images()
    {
        using var dir = new TempDir("mlnt-plan");
        TestDatasets.ColourClasses(dir.Combine("data"), perClass: 6, seed: 1);
        var job = new ShardJob { DataRoot = dir.Combine("data"), BackbonePath = "unused.onnx", Store = dir.Combine("store"), ShardCount = 4 };
        var before = ShardPlan.Enumerate(job);

        // A new image changes the job (its packs are its own) but moves no existing image to another shard.
        File.Copy(Directory.GetFiles(dir.Combine("data", "red"))[0], dir.Combine("data", "red", "zz_new.jpg"));
        var after = ShardPlan.Enumerate(job);

        after.JobId.Should().NotBe(before.JobId);
        foreach (var shard in before.Shards)
            after.Shards[shard.Index].Images.Select(i => i.Name).Should().Contain(shard.Images.Select(i => i.Name));
        after.ImageCount.Should().Be(before.ImageCount + 1);
        before.Shards.SelectMany(s => s.Images).Select(i => i.Name).Should().OnlyHaveUniqueItems().And.HaveCount(before.ImageCount);
        ShardPlan.Enumerate(job with { ShardCount = 4 }).JobId.Should().Be(after.JobId, "the same images and shard count are the same job");
    }

    [Fact]
    public void A_job_round_trips_through_json()
    {
        var job = new ShardJob { ListFile = "/mnt/photos/all.csv", Arch = "MobilenetV2", Store = "/mnt/features", ShardCount = 64, Threads = 2, Offline = true };
        ShardJob.FromJson(job.ToJson()).Should().Be(job);
        job.ToJson().Should().Contain("\"shardCount\": 64");
    }

    [Theory]
    [InlineData(null, null, "exactly one of DataRoot")]
    [InlineData("/d", "/l", "exactly one of DataRoot")]
    public void A_job_without_exactly_one_source_is_refused(string? data, string? list, string message)
    {
        var job = new ShardJob { DataRoot = data, ListFile = list, Arch = "ResNet18", Store = "/s", ShardCount = 2 };
        job.Invoking(j => j.Validate()).Should().Throw<ArgumentException>().WithMessage($"*{message}*");
    }

    // Worked out apart from the code: SHA-256 of the UTF-8 name, first 8 bytes big-endian, modulo 16.
    private const int Pinned = 3;
}
