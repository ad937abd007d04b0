using MLNetTransfer.Featurization;
using MLNetTransfer.Backbones;

namespace MLNetTransfer.Tests.Backbones;

public class BackboneDownloaderTests
{
    private static readonly byte[] Payload = DownloadFixture.Payload;

    private static Responder Serving(byte[] bytes) => (request, connection, token) => Responses.Full(request, connection, bytes, token);

    [Fact]
    public async Task Downloads_verifies_and_writes_the_spec_sidecar()
    {
        await using var fixture = new DownloadFixture(Serving(Payload));

        var path = await fixture.EnsureAsync();

        path.Should().Be(fixture.TargetPath);
        File.ReadAllBytes(path).Should().Equal(Payload);
        BottleneckCacheKey.Spec(BackboneSpec.Load(BackboneSpec.SidecarPathFor(path))).Should().Be(BottleneckCacheKey.Spec(fixture.Backbone.Spec));
        fixture.Server.Requests.Should().ContainSingle().Which.Path.Should().Be("/models/" + DownloadFixture.FileName);
        File.Exists(path + ".partial").Should().BeFalse();
    }

    [Fact]
    public async Task A_verified_cached_file_is_returned_without_touching_the_network()
    {
        await using var fixture = new DownloadFixture(Serving(Payload));
        await fixture.EnsureAsync();
        File.Delete(Path.ChangeExtension(fixture.TargetPath, ".json"));

        var again = await fixture.EnsureAsync();

        again.Should().Be(fixture.TargetPath);
        fixture.Server.Requests.Should().HaveCount(1);
        File.Exists(Path.ChangeExtension(again, ".json")).Should().BeTrue("the sidecar is restored from the catalog");
    }

    [Fact]
    public async Task A_cached_file_without_a_marker_is_hashed_once_then_trusted()
    {
        await using var fixture = new DownloadFixture(Serving(Payload));
        File.WriteAllBytes(fixture.TargetPath, Payload); // Dropped in by hand.

        await fixture.EnsureAsync();

        fixture.Server.Requests.Should().BeEmpty();
        File.Exists(fixture.TargetPath + ".sha256ok").Should().BeTrue();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_corrupted_cached_file_is_moved_aside_and_downloaded_again(bool sameSize)
    {
        await using var fixture = new DownloadFixture(Serving(Payload));
        await fixture.EnsureAsync();
        var garbage = DownloadFixture.MakePayload(sameSize ? Payload.Length : Payload.Length / 2, seed: 7);
        File.WriteAllBytes(fixture.TargetPath, garbage);
        // Some file systems keep coarse timestamps; make sure the change is visible to the marker.
        File.SetLastWriteTimeUtc(fixture.TargetPath, DateTime.UtcNow.AddMinutes(-5));

        await fixture.EnsureAsync();

        File.ReadAllBytes(fixture.TargetPath).Should().Equal(Payload);
        File.ReadAllBytes(fixture.TargetPath + ".corrupt").Should().Equal(garbage);
        fixture.Server.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task Offline_with_an_empty_cache_says_what_to_download_and_where_to_put_it()
    {
        await using var fixture = new DownloadFixture(Serving(Payload));
        var options = fixture.Options();
        options.Offline = true;

        var act = () => fixture.EnsureAsync(options);

        var error = (await act.Should().ThrowAsync<BackboneDownloadException>()).Which;
        error.Message.Should().Contain(DownloadFixture.FileName)
            .And.Contain(fixture.Backbone.Url.ToString())
            .And.Contain(fixture.TargetPath)
            .And.Contain(fixture.Backbone.Sha256)
            .And.Contain(Payload.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .And.Contain("MLNETTRANSFER_MODELS_DIR")
            .And.Contain("MLNETTRANSFER_MODEL_MIRROR");
        error.TargetPath.Should().Be(fixture.TargetPath);
        fixture.Server.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task The_offline_variable_also_forbids_the_network()
    {
        await using var fixture = new DownloadFixture(Serving(Payload));
        fixture.Environment["MLNETTRANSFER_OFFLINE"] = "1";

        var act = () => fixture.EnsureAsync();

        await act.Should().ThrowAsync<BackboneDownloadException>().WithMessage("*offline*");
        fixture.Server.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Offline_still_serves_a_cached_file()
    {
        await using var fixture = new DownloadFixture(Serving(Payload));
        await fixture.EnsureAsync();
        var options = fixture.Options();
        options.Offline = true;

        (await fixture.EnsureAsync(options)).Should().Be(fixture.TargetPath);
    }

    [Theory]
    [InlineData(404, "Not Found")]
    [InlineData(403, "Forbidden")]
    public async Task Refusals_fail_at_once_without_retrying(int code, string reason)
    {
        await using var fixture = new DownloadFixture((_, connection, token) => Responses.Status(connection, code, reason, token));

        var act = () => fixture.EnsureAsync();

        var error = (await act.Should().ThrowAsync<BackboneDownloadException>()).Which;
        error.Message.Should().Contain(code.ToString(System.Globalization.CultureInfo.InvariantCulture)).And.Contain(fixture.TargetPath);
        fixture.Server.Requests.Should().HaveCount(1);
        File.Exists(fixture.TargetPath).Should().BeFalse();
    }

    [Fact]
    public async Task Server_errors_are_retried()
    {
        await using var fixture = new DownloadFixture((request, connection, token) => request.Index < 2
            ? Responses.Status(connection, 503, "Service Unavailable", token)
            : Responses.Full(request, connection, Payload, token));

        await fixture.EnsureAsync();

        File.ReadAllBytes(fixture.TargetPath).Should().Equal(Payload);
        fixture.Server.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task Giving_up_after_the_last_attempt_lists_every_failure()
    {
        int[] codes = [500, 503, 502];
        await using var fixture = new DownloadFixture((request, connection, token) =>
            Responses.Status(connection, codes[request.Index], "Server Trouble", token));
        var options = fixture.Options();
        options.MaxAttempts = 3;

        var act = () => fixture.EnsureAsync(options);

        await act.Should().ThrowAsync<BackboneDownloadException>()
            .WithMessage("*attempt 1: HTTP 500*attempt 2: HTTP 503*attempt 3: HTTP 502*save it as*");
        fixture.Server.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task Identical_failures_are_told_once_with_their_count()
    {
        await using var fixture = new DownloadFixture((_, connection, token) => Responses.Status(connection, 500, "Internal Server Error", token));
        var options = fixture.Options();
        options.MaxAttempts = 3;

        var act = () => fixture.EnsureAsync(options);

        (await act.Should().ThrowAsync<BackboneDownloadException>()).Which.Message
            .Should().Contain($"{fixture.Backbone.Url}: all 3 attempts failed: HTTP 500 Internal Server Error").And.NotContain("attempt 2");
    }

    [Fact]
    public async Task Wrong_bytes_are_retried_once_then_reported_with_both_hashes()
    {
        var wrong = DownloadFixture.MakePayload(Payload.Length, seed: 7);
        await using var fixture = new DownloadFixture(Serving(wrong));

        var act = () => fixture.EnsureAsync();

        await act.Should().ThrowAsync<BackboneDownloadException>()
            .WithMessage($"*expected {fixture.Backbone.Sha256}*got {DownloadFixture.Sha256Of(wrong)}*");
        fixture.Server.Requests.Should().HaveCount(2);
        File.Exists(fixture.TargetPath).Should().BeFalse();
        File.Exists(fixture.TargetPath + ".partial").Should().BeFalse();
    }

    [Fact]
    public async Task A_mirror_from_the_options_is_tried_first_and_ends_the_search_when_it_serves_the_file()
    {
        await using var fixture = new DownloadFixture(MirrorOnly);
        var options = fixture.Options();
        options.MirrorBaseUrl = new Uri(fixture.Server.BaseUrl, "mirror/");

        await fixture.EnsureAsync(options);

        fixture.Server.Requests.Should().ContainSingle().Which.Path.Should().Be("/mirror/" + DownloadFixture.FileName);
    }

    [Fact]
    public async Task A_mirror_from_the_environment_is_used_when_the_options_name_none()
    {
        await using var fixture = new DownloadFixture(MirrorOnly);
        fixture.Environment["MLNETTRANSFER_MODEL_MIRROR"] = new Uri(fixture.Server.BaseUrl, "mirror").ToString(); // No trailing slash.

        await fixture.EnsureAsync();

        fixture.Server.Requests.Should().ContainSingle().Which.Path.Should().Be("/mirror/" + DownloadFixture.FileName);
    }

    [Fact]
    public async Task A_backbone_whose_weights_are_unverified_is_reported_as_a_warning_on_every_use()
    {
        await using var fixture = new DownloadFixture(Serving(Payload));
        var unverified = fixture.Backbone with { UnverifiedWeightsReason = "exported without its trained weights" };
        var reports = new List<DownloadProgress>();
        var options = fixture.Options();
        options.Progress = new RecordingProgress(reports);
        var downloader = new BackboneDownloader(options);

        await downloader.EnsureAsync(unverified);
        await downloader.EnsureAsync(unverified); // Cached now: still a warning, as this use trains on it too.

        var warnings = reports.Where(r => r.Warning is not null).Select(r => r.Warning).ToList();
        warnings.Should().HaveCount(2).And.AllSatisfy(w =>
            w.Should().Contain("'test-net'").And.Contain("not known to hold ImageNet-pretrained weights: exported without its trained weights"));
        unverified.WeightsVerified.Should().BeFalse();
        fixture.Backbone.WeightsVerified.Should().BeTrue();
    }

    [Fact]
    public async Task A_verified_backbone_sends_no_warning()
    {
        await using var fixture = new DownloadFixture(Serving(Payload));
        var reports = new List<DownloadProgress>();
        var options = fixture.Options();
        options.Progress = new RecordingProgress(reports);

        await fixture.EnsureAsync(options);

        reports.Should().NotBeEmpty().And.OnlyContain(r => r.Warning == null);
    }

    [Fact]
    public async Task Reports_progress_up_to_the_full_size()
    {
        await using var fixture = new DownloadFixture(Serving(Payload));
        var reports = new List<DownloadProgress>();
        var options = fixture.Options();
        options.Progress = new RecordingProgress(reports);

        await fixture.EnsureAsync(options);

        reports.Should().NotBeEmpty();
        reports.Select(r => r.BytesReceived).Should().BeInAscendingOrder();
        reports[^1].Should().Be(new DownloadProgress(DownloadFixture.FileName, Payload.Length, Payload.Length));
    }

    private static Task MirrorOnly(ReceivedRequest request, Stream connection, CancellationToken token) =>
        request.Path.StartsWith("/mirror/", StringComparison.Ordinal)
            ? Responses.Full(request, connection, Payload, token)
            : Responses.Status(connection, 404, "Not Found", token);

    /// <summary>Records synchronously; <see cref="Progress{T}"/> would post to the thread pool and race the asserts.</summary>
    private sealed class RecordingProgress(List<DownloadProgress> reports) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value)
        {
            lock (reports) reports.Add(value);
        }
    }
}
