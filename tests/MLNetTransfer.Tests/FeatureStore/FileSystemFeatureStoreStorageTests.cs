using MLNetTransfer.FeatureStore;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Tests.FeatureStore;

public class FileSystemFeatureStoreStorageTests
{
    [Fact]
    public void Files_are_listed_relative_with_slashes_in_order_without_temporary_files()
    {
        using var dir = new TempDir("mlnt-storage");
        var storage = new FileSystemFeatureStoreStorage(dir.Path);
        storage.WriteAtomically("key/packs/job/shard-00001-of-00002.pack", [1, 2, 3]);
        storage.WriteAtomically("key/packs/job/shard-00000-of-00002.pack", [4]);
        storage.WriteAtomically("other/x.pack", [5]);
        // What a writer killed before its rename leaves behind.
        File.WriteAllBytes(dir.Combine("key", "packs", "job", ".shard-00000-of-00002.pack.123.abc.tmp"), [9]);

        storage.List("key/packs/").Should().Equal("key/packs/job/shard-00000-of-00002.pack", "key/packs/job/shard-00001-of-00002.pack");
        storage.List("missing/").Should().BeEmpty();
        using (var stream = storage.OpenRead("key/packs/job/shard-00001-of-00002.pack"))
            stream.Length.Should().Be(3);
        storage.Exists("other/x.pack").Should().BeTrue();
        storage.Delete("other/x.pack");
        storage.Delete("other/x.pack");
        storage.Delete("nowhere/x.pack");
        storage.Exists("other/x.pack").Should().BeFalse();
        storage.Invoking(s => s.OpenRead("other/x.pack")).Should().Throw<FileNotFoundException>();
    }

    [Fact]
    public void A_path_leaving_the_store_is_refused()
    {
        using var dir = new TempDir("mlnt-storage");
        var storage = new FileSystemFeatureStoreStorage(dir.Combine("store"));
        storage.Invoking(s => s.WriteAtomically("../outside.pack", [1])).Should().Throw<ArgumentException>().WithMessage("*leaves the store*");
        storage.Invoking(s => s.WriteAtomically("../store2/beside.pack", [1])).Should().Throw<ArgumentException>();
        File.Exists(dir.Combine("outside.pack")).Should().BeFalse();
    }
}
