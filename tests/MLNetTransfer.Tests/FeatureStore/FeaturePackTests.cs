using MLNetTransfer.FeatureStore;
using MLNetTransfer.Featurization;

namespace MLNetTransfer.Tests.FeatureStore;

public class FeaturePackTests
{
    private static FeaturePack Sample() => new()
    {
        CacheKey = "0123456789abcdef01234567",
        JobId = "fedcba9876543210",
        ShardIndex = 3,
        ShardCount = 16,
        ImageCount = 4,
        FeatureCount = 3,
        Hashes = [new string('1', 64), new string('a', 64)],
        Features = [1f, -2.5f, float.Epsilon, 0f, 3.25f, -0f],
        BadImages = [new SkippedImage("roses/bad.jpg", "not an image: the file is empty")],
    };

    [Fact]
    public void A_pack_reads_back_what_was_written()
    {
        var bytes = Sample().ToBytes();
        var read = FeaturePack.TryParse(bytes, out var problem);

        problem.Should().BeNull();
        read.Should().BeEquivalentTo(Sample());
        read!.ToBytes().Should().Equal(bytes);
    }

    [Theory]
    [InlineData(20)]
    [InlineData(100)]
    [InlineData(-1)]
    public void A_changed_byte_fails_the_checksum(int offset)
    {
        var bytes = Sample().ToBytes();
        bytes[offset < 0 ? bytes.Length + offset : offset] ^= 0x40;
        FeaturePack.TryParse(bytes, out var problem).Should().BeNull();
        problem.Should().Contain("checksum");
    }

    [Fact]
    public void A_truncated_pack_is_not_read()
    {
        var bytes = Sample().ToBytes();
        FeaturePack.TryParse(bytes[..(bytes.Length / 2)], out var problem).Should().BeNull();
        problem.Should().NotBeNull();
        FeaturePack.TryParse([], out _).Should().BeNull();
    }
}
