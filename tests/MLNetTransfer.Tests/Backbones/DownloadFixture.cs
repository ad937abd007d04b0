using System.Security.Cryptography;
using MLNetTransfer.Backbones;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Tests.Backbones;

/// <summary>
/// A served payload, a catalog entry that points at it with the right size and SHA-256, an empty cache folder and
/// options with short timings. Options read no real environment variable, so the machine's settings never leak in.
/// </summary>
internal sealed class DownloadFixture : IAsyncDisposable
{
    public const string FileName = "test-net.onnx";

    private readonly TempDir _cache = new("mlnt-cache");

    /// <param name="responder">Answers every request the server gets.</param>
    /// <param name="copies">Server paths (e.g. "copy/test-net.onnx") of public copies tried before the original
    /// address, which is always "models/test-net.onnx".</param>
    public DownloadFixture(Responder responder, params string[] copies)
    {
        Server = new LocalHttpServer(responder);
        Backbone = new CatalogBackbone(
            Name: "test-net",
            Aliases: [],
            FileName: FileName,
            Url: new Uri(Server.BaseUrl, "models/" + FileName),
            SizeBytes: Payload.Length,
            Sha256: Sha256Of(Payload),
            Spec: new BackboneSpec { Name = "test-net", Input = "data", Height = 8, Width = 8, Features = "pool" },
            Description: "a test payload")
        {
            Copies = [.. copies.Select(path => new Uri(Server.BaseUrl, path))],
        };
    }

    /// <summary>The served file: a few hundred KB of deterministic bytes (never modified by tests).</summary>
    public static byte[] Payload { get; } = MakePayload(300 * 1024, seed: 42);

    public LocalHttpServer Server { get; }

    public CatalogBackbone Backbone { get; }

    public string CacheDirectory => _cache.Path;

    public string TargetPath => Path.Combine(_cache.Path, FileName);

    public Dictionary<string, string> Environment { get; } = [];

    public BackboneDownloadOptions Options(TimeSpan? stallTimeout = null) => new()
    {
        CacheDirectory = _cache.Path,
        StallTimeout = stallTimeout ?? TimeSpan.FromSeconds(30),
        InitialBackoff = TimeSpan.FromMilliseconds(10),
        MaxAttempts = 4,
        ReadEnvironment = name => Environment.GetValueOrDefault(name),
    };

    /// <summary>Ensures the test backbone; a generous limit turns a hang (e.g. an undetected stall) into a failure.</summary>
    public Task<string> EnsureAsync(BackboneDownloadOptions? options = null) =>
        new BackboneDownloader(options ?? Options()).EnsureAsync(Backbone).WaitAsync(TimeSpan.FromSeconds(60));

    /// <summary>Imports a file or address as the test backbone, with the same generous limit.</summary>
    public Task<string> ImportAsync(string pathOrUrl, BackboneDownloadOptions? options = null) =>
        new BackboneDownloader(options ?? Options()).ImportAsync(Backbone, pathOrUrl).WaitAsync(TimeSpan.FromSeconds(60));

    public static byte[] MakePayload(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string Sha256Of(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        _cache.Dispose();
    }
}
