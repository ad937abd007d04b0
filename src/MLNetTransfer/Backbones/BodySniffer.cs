using System.Text;

namespace MLNetTransfer.Backbones;

/// <summary>What the first bytes of a downloaded body say it is.</summary>
internal enum BodyKind
{
    /// <summary>Nothing says it is not the model; only the size and SHA-256 can tell.</summary>
    Plausible,

    /// <summary>The short text Git LFS stores in place of a file: the host has the pointer, not the file.</summary>
    GitLfsPointer,

    /// <summary>A web page (a login wall, a proxy's notice, an error page served with status 200).</summary>
    Html,
}

/// <summary>
/// Recognises bodies that are certainly not a model from their first bytes, so they are reported for what they are
/// and never kept as the start of a <c>.partial</c> file. An ONNX file is a protobuf message, which can begin with
/// neither 'v' nor '&lt;' (those bytes would be invalid field tags), so neither check can reject a real model.
/// </summary>
internal static class BodySniffer
{
    /// <summary>How many leading bytes <see cref="Classify"/> wants to see (fewer when the body is shorter).</summary>
    public const int PrefixLength = 512;

    private static readonly byte[] LfsPointerStart = Encoding.ASCII.GetBytes("version https://git-lfs.github.com/spec/");

    private static readonly string[] HtmlStarts = ["<!doctype html", "<html", "<head", "<body"];

    public static BodyKind Classify(ReadOnlySpan<byte> prefix, string? mediaType = null)
    {
        if (string.Equals(mediaType, "text/html", StringComparison.OrdinalIgnoreCase))
            return BodyKind.Html;
        if (prefix.StartsWith(LfsPointerStart))
            return BodyKind.GitLfsPointer;

        var text = prefix;
        if (text.StartsWith("\uFEFF"u8)) text = text[3..];
        while (text.Length > 0 && text[0] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') text = text[1..];
        var start = Encoding.ASCII.GetString(text[..Math.Min(text.Length, 16)]);
        return HtmlStarts.Any(h => start.StartsWith(h, StringComparison.OrdinalIgnoreCase)) ? BodyKind.Html : BodyKind.Plausible;
    }

    /// <summary>Classifies the first bytes of a file on disk.</summary>
    public static BodyKind ClassifyFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var prefix = new byte[PrefixLength];
        var length = stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false);
        return Classify(prefix.AsSpan(0, length));
    }

    /// <summary>"a Git LFS pointer, not the model", for messages; null for a plausible body.</summary>
    public static string? Describe(BodyKind kind) => kind switch
    {
        BodyKind.GitLfsPointer => "a Git LFS pointer, not the model",
        BodyKind.Html => "an HTML page, not the model",
        _ => null,
    };
}
