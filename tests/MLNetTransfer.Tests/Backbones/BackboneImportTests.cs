using System.Globalization;
using MLNetTransfer.Backbones;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Tests.Backbones;

/// <summary><see cref="BackboneDownloader.ImportAsync"/>: a file obtained some other way, checked, then cached.</summary>
public class BackboneImportTests
{
    private static readonly byte[] Payload = DownloadFixture.Payload;

    private static Task Serve(ReceivedRequest request, Stream connection, CancellationToken token) =>
        Responses.Full(request, connection, Payload, token);

    [Fact]
    public async Task A_good_local_file_is_copied_into_the_cache_verified_with_its_spec_and_used_offline()
    {
        await using var fixture = new DownloadFixture(Serve);
        using var dir = new TempDir("mlnt-import");
        var file = dir.Combine("from-a-colleague.onnx");
        File.WriteAllBytes(file, Payload);

        var path = await fixture.ImportAsync(file);

        path.Should().Be(fixture.TargetPath);
        File.ReadAllBytes(path).Should().Equal(Payload);
        File.Exists(file).Should().BeTrue("the offered file is copied, not taken");
        File.Exists(path + ".sha256ok").Should().BeTrue();
        File.Exists(BackboneSpec.SidecarPathFor(path)).Should().BeTrue();
        var offline = fixture.Options();
        offline.Offline = true;
        (await fixture.EnsureAsync(offline)).Should().Be(path);
        fixture.Server.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Wrong_bytes_are_refused_naming_the_file_and_both_sizes_and_hashes(bool sameSize)
    {
        await using var fixture = new DownloadFixture(Serve);
        using var dir = new TempDir("mlnt-import");
        var file = dir.Combine("wrong.onnx");
        var wrong = DownloadFixture.MakePayload(sameSize ? Payload.Length : 1000, seed: 5);
        File.WriteAllBytes(file, wrong);

        var act = () => fixture.ImportAsync(file);

        (await act.Should().ThrowAsync<BackboneDownloadException>()).Which.Message.Should()
            .Contain(file)
            .And.Contain($"expected {Payload.Length.ToString(CultureInfo.InvariantCulture)} bytes with sha256 {fixture.Backbone.Sha256}")
            .And.Contain($"has {wrong.Length.ToString(CultureInfo.InvariantCulture)} bytes with sha256 {DownloadFixture.Sha256Of(wrong)}");
        File.Exists(fixture.TargetPath).Should().BeFalse();
        File.Exists(fixture.TargetPath + ".partial").Should().BeFalse();
    }

    [Fact]
    public async Task A_Git_LFS_pointer_offered_for_import_is_named_as_such()
    {
        await using var fixture = new DownloadFixture(Serve);
        using var dir = new TempDir("mlnt-import");
        var file = dir.Combine("pointer.onnx");
        File.WriteAllText(file, "version https://git-lfs.github.com/spec/v1\noid sha256:00\nsize 307200\n");

        var act = () => fixture.ImportAsync(file);

        await act.Should().ThrowAsync<BackboneDownloadException>().WithMessage("*pointer.onnx*it is a Git LFS pointer, not the model*");
    }

    [Fact]
    public async Task A_missing_file_is_named()
    {
        await using var fixture = new DownloadFixture(Serve);
        var missing = Path.Combine(fixture.CacheDirectory, "no-such-download.onnx");

        var act = () => fixture.ImportAsync(missing);

        await act.Should().ThrowAsync<FileNotFoundException>().WithMessage($"*{missing}*does not exist*");
    }

    [Fact]
    public async Task One_address_is_downloaded_like_a_source_and_nothing_else_is_asked()
    {
        await using var fixture = new DownloadFixture(Serve);
        var address = new Uri(fixture.Server.BaseUrl, "somewhere/else.onnx");

        var path = await fixture.ImportAsync(address.ToString());

        File.ReadAllBytes(path).Should().Equal(Payload);
        fixture.Server.Requests.Should().ContainSingle().Which.Path.Should().Be("/somewhere/else.onnx");
    }
}
