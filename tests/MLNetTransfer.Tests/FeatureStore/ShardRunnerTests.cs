using Microsoft.ML;
using MLNetTransfer.Backbones;
using MLNetTransfer.FeatureStore;
using MLNetTransfer.Featurization;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Tests.FeatureStore;

public sealed class ShardRunnerTests : IDisposable
{
    private const int Shards = 3;
    private readonly TempDir _dir = new("mlnt-shards");
    private readonly string _data;
    private readonly string _backbone;

    public ShardRunnerTests()
    {
        _data = TestDatasets.ColourClasses(_dir.Combine("data"), perClass: 5, seed: 7);
        File.WriteAllText(Path.Combine(_data, "red", "broken.jpg"), "not a picture");
        // The same photo filed twice: one entry in its pack, two images counted.
        File.Copy(Path.Combine(_data, "blue", "blue_000.jpg"), Path.Combine(_data, "blue", "blue_copy.jpg"));
        _backbone = TinyBackbone.Write(_dir.Combine("model")).OnnxPath;
    }

    public void Dispose() => _dir.Dispose();

    private ShardJob Job(string store, int threads = 1) =>
        new() { DataRoot = _data, BackbonePath = _backbone, Store = _dir.Combine(store), ShardCount = Shards, Threads = threads };

    [Fact]
    public async Task Shards_in_any_order_and_on_any_runner_give_byte_identical_packs()
    {
        using (var runner = new ShardRunner(Job("a")))
        {
            for (var k = 0; k < Shards; k++)
                await runner.RunAsync(k);
        }
        foreach (var k in new[] { 2, 0, 1 })
            await ShardRunner.RunOnceAsync(Job("b", threads: 2), k);

        var a = StoreFiles("a");
        a.Keys.Where(p => p.EndsWith(".pack", StringComparison.Ordinal)).Should().HaveCount(Shards);
        StoreFiles("b").Should().BeEquivalentTo(a, "the same job writes the same bytes whatever the order or threads");
    }

    [Fact]
    public async Task A_finished_shard_is_not_redone()
    {
        using var runner = new ShardRunner(Job("s"));
        var first = await runner.RunAsync(1);
        var pack = _dir.Combine("s", first.PackPath);
        var written = File.GetLastWriteTimeUtc(pack);

        var again = await runner.RunAsync(1);

        again.AlreadyComplete.Should().BeTrue();
        again.Redone.Should().BeNull();
        again.PackHash.Should().Be(first.PackHash);
        again.FeaturesWritten.Should().Be(first.FeaturesWritten);
        File.GetLastWriteTimeUtc(pack).Should().Be(written);
        runner.TryGetCompleted(1)!.PackHash.Should().Be(first.PackHash);
        runner.TryGetCompleted(0).Should().BeNull();
    }

    [Theory]
    [InlineData("flipped")]
    [InlineData("truncated")]
    public async Task A_damaged_pack_is_detected_and_redone_to_the_same_bytes(string damage)
    {
        using var runner = new ShardRunner(Job("s"));
        var first = await runner.RunAsync(0);
        var pack = _dir.Combine("s", first.PackPath);
        var good = File.ReadAllBytes(pack);
        var bad = damage == "flipped" ? (byte[])good.Clone() : good[..(good.Length * 2 / 3)];
        if (damage == "flipped")
            bad[bad.Length / 2] ^= 0x01;
        File.WriteAllBytes(pack, bad);

        runner.TryGetCompleted(0).Should().BeNull();
        var redone = await runner.RunAsync(0);

        redone.AlreadyComplete.Should().BeFalse();
        redone.Redone.Should().Contain("checksum");
        File.ReadAllBytes(pack).Should().Equal(good);
        redone.PackHash.Should().Be(first.PackHash);
    }

    [Fact]
    public async Task Bad_images_are_recorded_per_shard_as_a_local_run_reports_them()
    {
        var job = Job("s");
        var plan = ShardPlan.Enumerate(job);
        var shard = plan.Shards.Single(s => s.Images.Any(i => i.Name == "red/broken.jpg")).Index;
        var result = await ShardRunner.RunOnceAsync(job, shard);

        using var featurizer = new BottleneckFeaturizer(new MLContext(0), _backbone, BackboneSpec.Load(BackboneSpec.SidecarPathFor(_backbone)),
            new FeaturizerOptions { UseCache = false, DecodeThreads = 1, OnnxThreads = 1 });
        var local = featurizer.Featurize([ImageInput.FromFile(0, Path.Combine(_data, "red", "broken.jpg"))]);

        result.BadImages.Should().ContainSingle().Which.Should().Be(new SkippedImage("red/broken.jpg", local.Skipped.Single().Reason));
        var listing = File.ReadAllText(_dir.Combine("s", Path.ChangeExtension(result.PackPath, null) + ".bad.tsv"));
        listing.Should().Contain($"red/broken.jpg\t{local.Skipped.Single().Reason}");
        result.Images.Should().Be(plan.Shards[shard].Images.Count);
    }

    [Fact]
    public async Task The_bottleneck_cache_reads_the_store_and_names_the_images_it_lacks()
    {
        var job = Job("s");
        var results = new List<ShardResult>();
        for (var k = 0; k < Shards; k++)
            results.Add(await ShardRunner.RunOnceAsync(job, k));
        results.Sum(r => r.Images).Should().Be(17, "three colours of five images, a bad image and a copy");
        // A copy in another shard is stored in both packs; within one pack, once.
        results.SelectMany(r => FeaturePack.TryParse(File.ReadAllBytes(Path.Combine(job.Store, r.PackPath)), out _)!.Hashes)
            .Distinct().Should().HaveCount(15, "one bad image, one duplicate content");

        var images = ShardPlan.Enumerate(job).Shards.SelectMany(s => s.Images).Select((image, i) => ImageInput.FromFile(i, image.Path)).ToArray();
        var options = new FeaturizerOptions { CacheDirectory = job.Store, FromStoreOnly = true, DecodeThreads = 1, OnnxThreads = 1 };
        using var fromStore = new BottleneckFeaturizer(new MLContext(0), _backbone, BackboneSpec.Load(BackboneSpec.SidecarPathFor(_backbone)), options);
        var read = fromStore.Featurize(images);
        read.FromCache.Should().Be(16);
        read.Computed.Should().Be(0);
        read.Skipped.Should().ContainSingle().Which.Name.Should().EndWith("broken.jpg");
        fromStore.SessionCreated.Should().BeFalse("nothing was computed");

        using var computing = new BottleneckFeaturizer(new MLContext(0), _backbone, BackboneSpec.Load(BackboneSpec.SidecarPathFor(_backbone)),
            new FeaturizerOptions { UseCache = false, DecodeThreads = 1, OnnxThreads = 1 });
        read.Features.Should().Equal(computing.Featurize(images).Features);

        var extra = _dir.Combine("extra.jpg");
        File.Copy(Path.Combine(_data, "green", "green_000.jpg"), extra);
        File.AppendAllText(extra, "changed bytes, another content");
        fromStore.Invoking(f => f.Featurize([.. images, ImageInput.FromFile(images.Length, extra)]))
            .Should().Throw<InvalidDataException>().WithMessage($"1 of 18 images have no features in the feature store*'{extra}'*featurize*");
    }

    [SharedFact]
    public async Task Features_in_packs_equal_a_one_process_featurize_of_a_real_backbone_byte_for_byte()
    {
        var flowers = TestDatasets.Subset(SharedData.FlowersTrain, _dir.Combine("flowers"), perClass: 4);
        var job = new ShardJob { DataRoot = flowers, BackbonePath = SharedData.MobileNetV1, Store = _dir.Combine("fs"), ShardCount = 2, Threads = 2 };
        var packs = new List<FeaturePack>();
        foreach (var k in new[] { 1, 0 })
        {
            var result = await ShardRunner.RunOnceAsync(job, k);
            packs.Add(FeaturePack.TryParse(File.ReadAllBytes(Path.Combine(job.Store, result.PackPath)), out _)!);
        }

        using var featurizer = new BottleneckFeaturizer(new MLContext(0), SharedData.MobileNetV1,
            BackboneSpec.Load(BackboneSpec.SidecarPathFor(SharedData.MobileNetV1)), new FeaturizerOptions { UseCache = false, DecodeThreads = 2, OnnxThreads = 2 });
        var files = Directory.GetFiles(flowers, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        var local = featurizer.Featurize(files.Select((f, i) => ImageInput.FromFile(i, f)));

        local.Count.Should().Be(20);
        packs.Sum(p => p.Hashes.Count).Should().Be(20);
        var rows = packs.SelectMany(p => p.Hashes.Select((h, i) => (Hash: h, Bits: Bits(p.Row(i))))).ToDictionary(e => e.Hash, e => e.Bits);
        for (var r = 0; r < local.Count; r++)
            rows[local.ContentHashes![r]].Should().Equal(Bits(local.Row(r)), $"{files[local.Indices[r]]} has the same features in its pack");
    }

    private static int[] Bits(ReadOnlySpan<float> row) => row.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();

    private Dictionary<string, byte[]> StoreFiles(string store) =>
        Directory.GetFiles(_dir.Combine(store), "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(_dir.Combine(store), f), File.ReadAllBytes);
}
