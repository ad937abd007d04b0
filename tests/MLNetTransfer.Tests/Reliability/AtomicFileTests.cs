using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Tests.Reliability;

public class AtomicFileTests
{
    [Fact]
    public void A_write_that_dies_half_way_leaves_the_previous_file_intact_and_no_debris()
    {
        using var dir = new TempDir();
        var path = dir.Combine("model.zip");
        File.WriteAllText(path, "previous model");

        var act = () => AtomicFile.Write(path, stream =>
        {
            stream.Write("half of the new"u8);
            throw new IOException("simulated crash during save");
        });

        act.Should().Throw<IOException>().WithMessage($"Cannot write '{path}'*simulated crash*");
        File.ReadAllText(path).Should().Be("previous model");
        Directory.GetFiles(dir.Path).Should().ContainSingle();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]  // cache entries: not flushed to disk, still replaced in one step
    public void Replaces_the_file_in_one_step_and_leaves_no_temporary_file(bool durable)
    {
        using var dir = new TempDir();
        var path = dir.Combine("entry.bin");
        File.WriteAllText(path, "old");

        AtomicFile.WriteAllBytes(path, "new content"u8, durable);

        File.ReadAllText(path).Should().Be("new content");
        Directory.GetFiles(dir.Path).Should().ContainSingle();
    }

    [Fact]
    public void Concurrent_writers_of_one_file_never_leave_a_mixed_file()
    {
        using var dir = new TempDir();
        var path = dir.Combine("entry.bin");
        var contents = Enumerable.Range(0, 8).Select(i => Enumerable.Repeat((byte)i, 64 * 1024).ToArray()).ToArray();

        Parallel.For(0, 64, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => AtomicFile.WriteAllBytes(path, contents[i % 8]));

        var final = File.ReadAllBytes(path);
        final.Should().HaveCount(64 * 1024);
        final.Distinct().Should().ContainSingle("a file is one writer's bytes, never a mix");
        Directory.GetFiles(dir.Path).Should().ContainSingle();
    }

    [Fact]
    public void An_unwritable_target_folder_is_an_io_error_naming_the_path()
    {
        using var dir = new TempDir();
        var blocker = dir.Combine("not-a-folder");
        File.WriteAllText(blocker, "a file where a folder should be");

        var act = () => AtomicFile.WriteAllText(Path.Combine(blocker, "metrics.json"), "{}");

        act.Should().Throw<IOException>().WithMessage($"*{blocker}*");
    }
}
