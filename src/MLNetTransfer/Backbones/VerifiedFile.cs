using System.Globalization;
using System.Security.Cryptography;

namespace MLNetTransfer.Backbones;

/// <summary>
/// Checks that a file is the expected one. The SHA-256 is computed once; a small <c>.sha256ok</c> marker then
/// records the hash with the file's size and last-write time, so a large backbone is not re-hashed every run and
/// any later change to the file invalidates the marker.
/// </summary>
internal static class VerifiedFile
{
    public static string MarkerPathFor(string path) => path + ".sha256ok";

    /// <summary>True when the file has the expected size and an up-to-date marker: no hashing needed.</summary>
    public static bool HasValidMarker(string path, long expectedSize, string expectedSha256)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length != expectedSize) return false;
        try
        {
            return File.ReadAllText(MarkerPathFor(path)).Trim() == MarkerText(info, expectedSha256);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static void WriteMarker(string path, string sha256) =>
        AtomicFile.WriteAllText(MarkerPathFor(path), MarkerText(new FileInfo(path), sha256));

    public static void DeleteMarker(string path) => File.Delete(MarkerPathFor(path));

    public static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, useAsync: true);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash);
    }

    private static string MarkerText(FileInfo info, string sha256) => string.Join(' ',
        sha256.ToLowerInvariant(),
        info.Length.ToString(CultureInfo.InvariantCulture),
        info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture));
}
