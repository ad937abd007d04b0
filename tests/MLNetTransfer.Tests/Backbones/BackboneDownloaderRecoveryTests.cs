namespace MLNetTransfer.Tests.Backbones;

/// <summary>Interrupted, stalled and concurrent downloads.</summary>
public class BackboneDownloaderRecoveryTests
{
    private static readonly byte[] Payload = DownloadFixture.Payload;
    private static readonly int Half = Payload.Length / 2;

    [Fact]
    public async Task A_truncated_body_is_retried_and_completed()
    {
        await using var fixture = new DownloadFixture((request, connection, token) => request.Index == 0
            ? Responses.CutShort(request, connection, Payload, Payload.Length / 3, token)
            : Responses.Full(request, connection, Payload, token));

        await fixture.EnsureAsync();

        File.ReadAllBytes(fixture.TargetPath).Should().Equal(Payload);
        fixture.Server.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task An_interrupted_download_resumes_with_a_range_request()
    {
        await using var fixture = new DownloadFixture((request, connection, token) => request.Index == 0
            ? Responses.CutShort(request, connection, Payload, Half, token)
            : Responses.Full(request, connection, Payload, token)); // Answers a range with 206.

        await fixture.EnsureAsync();

        File.ReadAllBytes(fixture.TargetPath).Should().Equal(Payload);
        var requests = fixture.Server.Requests;
        requests.Should().HaveCount(2);
        requests[0].Range.Should().BeNull();
        requests[1].Range.Should().Be($"bytes={Half}-");
    }

    [Fact]
    public async Task A_stalled_download_is_abandoned_and_resumed()
    {
        await using var fixture = new DownloadFixture((request, connection, token) => request.Index == 0
            ? Responses.Stalling(request, connection, Payload, Half, token)
            : Responses.Full(request, connection, Payload, token));

        // Far below the server's silence (which lasts until it stops), so only stall detection can end attempt 1.
        await fixture.EnsureAsync(fixture.Options(stallTimeout: TimeSpan.FromMilliseconds(500)));

        File.ReadAllBytes(fixture.TargetPath).Should().Equal(Payload);
        fixture.Server.Requests.Should().HaveCount(2);
        fixture.Server.Requests[1].Range.Should().Be($"bytes={Half}-");
    }

    [Fact]
    public async Task A_server_that_ignores_the_range_makes_the_download_start_over()
    {
        await using var fixture = new DownloadFixture((request, connection, token) => request.Index == 0
            ? Responses.CutShort(request, connection, Payload, Half, token)
            : Responses.IgnoringRange(connection, Payload, token));

        await fixture.EnsureAsync();

        File.ReadAllBytes(fixture.TargetPath).Should().Equal(Payload);
        fixture.Server.Requests[1].Range.Should().NotBeNull();
    }

    [Fact]
    public async Task A_partial_file_left_by_an_earlier_run_is_resumed()
    {
        await using var fixture = new DownloadFixture((request, connection, token) => Responses.Full(request, connection, Payload, token));
        File.WriteAllBytes(fixture.TargetPath + ".partial", Payload[..Half]);

        await fixture.EnsureAsync();

        File.ReadAllBytes(fixture.TargetPath).Should().Equal(Payload);
        fixture.Server.Requests.Should().ContainSingle().Which.Range.Should().Be($"bytes={Half}-");
    }

    [Fact]
    public async Task Concurrent_callers_share_one_download()
    {
        var firstRequestArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var fixture = new DownloadFixture(async (request, connection, token) =>
        {
            firstRequestArrived.TrySetResult();
            await release.Task.WaitAsync(token);
            await Responses.Slow(connection, Payload, pieces: 8, TimeSpan.FromMilliseconds(10), token);
        });

        // Separate downloader instances, as two processes would have; they share only the cache folder.
        var first = fixture.EnsureAsync();
        await firstRequestArrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var second = fixture.EnsureAsync();
        await Task.Delay(300); // Let the second caller reach the lock while the first is mid-download.
        release.SetResult();

        var paths = await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(60));

        paths.Should().AllBe(fixture.TargetPath);
        File.ReadAllBytes(fixture.TargetPath).Should().Equal(Payload);
        fixture.Server.Requests.Should().HaveCount(1);
    }
}
