using MLNetTransfer.Backbones;

namespace MLNetTransfer.Tests.Backbones;

/// <summary>
/// Several sources for one backbone: a mirror first, then public copies, then the original address; bodies that are
/// not the model (a Git LFS pointer, an HTML page); redirects.
/// </summary>
public class BackboneSourcesTests
{
    private const string CopyPath = "/copy/" + DownloadFixture.FileName;
    private const string OriginalPath = "/models/" + DownloadFixture.FileName;
    private const string MirrorPath = "/mirror/" + DownloadFixture.FileName;

    // What GitHub serves for a zoo file since the zoo stopped paying for LFS downloads (hash and size made up).
    private const string LfsPointer =
        "version https://git-lfs.github.com/spec/v1\noid sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\nsize 14246826\n";

    private static readonly byte[] Payload = DownloadFixture.Payload;
    private static readonly int Half = Payload.Length / 2;

    private static Task Serve(ReceivedRequest request, Stream connection, CancellationToken token) =>
        Responses.Full(request, connection, Payload, token);

    private static Task NotFound(Stream connection, CancellationToken token) => Responses.Status(connection, 404, "Not Found", token);

    private static Task LfsPointerText(Stream connection, CancellationToken token) =>
        Responses.Text(connection, "text/plain; charset=utf-8", LfsPointer, token);

    [Fact]
    public async Task A_Git_LFS_pointer_is_reported_as_such_not_as_a_checksum_mismatch_and_is_never_kept()
    {
        await using var fixture = new DownloadFixture((_, connection, token) => LfsPointerText(connection, token));

        var act = () => fixture.EnsureAsync();

        var error = (await act.Should().ThrowAsync<BackboneDownloadException>()).Which;
        error.Message.Should().Contain($"{fixture.Backbone.Url}: served a Git LFS pointer, not the model")
            .And.NotContain("sha256 mismatch");
        fixture.Server.Requests.Should().ContainSingle("a pointer will not turn into the model on a retry");
        File.Exists(fixture.TargetPath + ".partial").Should().BeFalse();
        File.Exists(fixture.TargetPath).Should().BeFalse();
    }

    [Theory]
    [InlineData("text/html; charset=utf-8", "<p>Sign in to continue</p>")]
    [InlineData("application/octet-stream", "\n  <!DOCTYPE html><html><body>Access denied by proxy</body></html>")]
    public async Task An_HTML_page_is_reported_as_such_by_its_media_type_or_its_first_bytes(string mediaType, string page)
    {
        await using var fixture = new DownloadFixture((_, connection, token) => Responses.Text(connection, mediaType, page, token));

        var act = () => fixture.EnsureAsync();

        (await act.Should().ThrowAsync<BackboneDownloadException>()).Which.Message
            .Should().Contain("served an HTML page, not the model").And.NotContain("sha256 mismatch");
        File.Exists(fixture.TargetPath + ".partial").Should().BeFalse();
    }

    [Fact]
    public async Task A_source_serving_a_pointer_leaves_the_partial_file_intact_for_the_next_source_to_complete()
    {
        await using var fixture = new DownloadFixture((request, connection, token) => request.Path == CopyPath
            ? LfsPointerText(connection, token) // Answers a range request with 200 and the pointer, as a plain host would.
            : Serve(request, connection, token), CopyPath[1..]);
        File.WriteAllBytes(fixture.TargetPath + ".partial", Payload[..Half]);

        await fixture.EnsureAsync();

        File.ReadAllBytes(fixture.TargetPath).Should().Equal(Payload);
        fixture.Server.Requests.Select(r => (r.Path, r.Range)).Should().Equal(
            (CopyPath, $"bytes={Half}-"),
            (OriginalPath, $"bytes={Half}-"));
    }

    [Fact]
    public async Task A_partial_file_that_holds_a_pointer_from_an_older_run_is_discarded()
    {
        await using var fixture = new DownloadFixture(Serve);
        File.WriteAllText(fixture.TargetPath + ".partial", LfsPointer);

        await fixture.EnsureAsync();

        File.ReadAllBytes(fixture.TargetPath).Should().Equal(Payload);
        fixture.Server.Requests.Should().ContainSingle().Which.Range.Should().BeNull();
    }

    [Fact]
    public async Task A_body_of_the_wrong_length_is_refused_before_it_is_written()
    {
        var other = DownloadFixture.MakePayload(Payload.Length / 3, seed: 9);
        await using var fixture = new DownloadFixture((request, connection, token) => Responses.Full(request, connection, other, token));

        var act = () => fixture.EnsureAsync();

        (await act.Should().ThrowAsync<BackboneDownloadException>()).Which.Message
            .Should().Contain($"served {other.Length} bytes, not the {Payload.Length} of the file");
        fixture.Server.Requests.Should().ContainSingle();
        File.Exists(fixture.TargetPath + ".partial").Should().BeFalse();
    }

    [Fact]
    public async Task A_redirect_is_followed_and_a_resumed_download_keeps_its_range_after_it()
    {
        const string StoragePath = "/storage/blob-7f3a";
        var storageRequests = 0;
        await using var fixture = new DownloadFixture((request, connection, token) =>
        {
            if (request.Path != StoragePath)
                return Responses.Redirect(connection, StoragePath, token);
            return Interlocked.Increment(ref storageRequests) == 1
                ? Responses.CutShort(request, connection, Payload, Half, token)
                : Serve(request, connection, token);
        });

        await fixture.EnsureAsync();

        File.ReadAllBytes(fixture.TargetPath).Should().Equal(Payload);
        fixture.Server.Requests.Select(r => (r.Path, r.Range)).Should().Equal(
            (OriginalPath, null),
            (StoragePath, null),
            (OriginalPath, $"bytes={Half}-"),
            (StoragePath, $"bytes={Half}-"));
    }

    [Theory]
    [InlineData(404)]
    [InlineData(503)]
    public async Task A_failing_source_hands_over_to_the_next_one(int copyStatus)
    {
        await using var fixture = new DownloadFixture((request, connection, token) => request.Path == CopyPath
            ? Responses.Status(connection, copyStatus, "Nope", token)
            : Serve(request, connection, token), CopyPath[1..]);
        var options = fixture.Options();
        options.MaxAttempts = 2;

        await fixture.EnsureAsync(options);

        File.ReadAllBytes(fixture.TargetPath).Should().Equal(Payload);
        var copyAttempts = copyStatus == 404 ? 1 : 2; // A refusal is final; a server fault is retried, up to MaxAttempts.
        fixture.Server.Requests.Select(r => r.Path).Should().Equal([.. Enumerable.Repeat(CopyPath, copyAttempts), OriginalPath]);
    }

    [Fact]
    public async Task A_source_that_serves_wrong_bytes_twice_hands_over_to_the_next_one()
    {
        var wrong = DownloadFixture.MakePayload(Payload.Length, seed: 7);
        await using var fixture = new DownloadFixture((request, connection, token) => request.Path == CopyPath
            ? Responses.Full(request, connection, wrong, token)
            : Serve(request, connection, token), CopyPath[1..]);

        await fixture.EnsureAsync();

        File.ReadAllBytes(fixture.TargetPath).Should().Equal(Payload);
        fixture.Server.Requests.Select(r => r.Path).Should().Equal(CopyPath, CopyPath, OriginalPath);
    }

    [Fact]
    public async Task A_mirror_is_tried_first_then_the_copies_then_the_original_address()
    {
        await using var fixture = new DownloadFixture((request, connection, token) => request.Path == OriginalPath
            ? Serve(request, connection, token)
            : NotFound(connection, token), CopyPath[1..]);
        var options = fixture.Options();
        options.MirrorBaseUrl = new Uri(fixture.Server.BaseUrl, "mirror");

        await fixture.EnsureAsync(options);

        fixture.Server.Requests.Select(r => r.Path).Should().Equal(MirrorPath, CopyPath, OriginalPath);
    }

    [Fact]
    public async Task When_every_source_fails_the_error_says_what_each_did_and_every_other_way_out()
    {
        await using var fixture = new DownloadFixture((request, connection, token) => request.Path == CopyPath
            ? NotFound(connection, token)
            : LfsPointerText(connection, token), CopyPath[1..]);
        var copy = new Uri(fixture.Server.BaseUrl, CopyPath);

        var act = () => fixture.EnsureAsync();

        var error = (await act.Should().ThrowAsync<BackboneDownloadException>()).Which;
        error.Sources.Should().Equal(copy, fixture.Backbone.Url);
        error.Message.Should().Contain($"{copy}: HTTP 404 Not Found")
            .And.Contain($"{fixture.Backbone.Url}: served a Git LFS pointer, not the model")
            .And.Contain("backbones download test-net --from FILE")
            .And.Contain("BackboneDownloader.ImportAsync")
            .And.Contain("MLNETTRANSFER_MODEL_MIRROR")
            .And.Contain("--backbone FILE.onnx").And.Contain("BackbonePath")
            .And.Contain("ResNet18")
            .And.Contain(fixture.Backbone.Sha256)
            .And.Contain(fixture.TargetPath);
        error.Message.IndexOf(copy.ToString(), StringComparison.Ordinal).Should()
            .BeLessThan(error.Message.IndexOf(fixture.Backbone.Url.ToString(), StringComparison.Ordinal), "sources are listed in the order tried");
    }
}
