using MLNetTransfer.Featurization;
using MLNetTransfer.Onnx;

namespace MLNetTransfer.Backbones;

/// <summary>
/// The backbone of one run, resolved once: its file, spec and where it came from, the bytes read once, and the
/// hash and parsed model computed once on first use. Everything downstream (featurizer, cache key, classifier
/// graph, model description) takes this rather than reading or parsing the file again.
/// </summary>
internal sealed class ResolvedBackbone
{
    private readonly Lazy<string> _hash;
    private readonly Lazy<OnnxModelDocument> _document;
    private readonly Lazy<OnnxModelInfo> _info;

    private ResolvedBackbone(string path, BackboneSpec spec, string origin, byte[] bytes)
    {
        Path = path;
        Spec = spec;
        Origin = origin;
        Bytes = bytes;
        _hash = new(() => ContentHash.Of(Bytes));
        _document = new(() => OnnxModelDocument.Parse(Bytes, Path));
        _info = new(() => new OnnxModelInfo(Document));
    }

    /// <summary>Absolute path of the ONNX file.</summary>
    public string Path { get; }

    public BackboneSpec Spec { get; }

    /// <summary>Where it came from, for reports: "file", "catalog:NAME".</summary>
    public string Origin { get; }

    public byte[] Bytes { get; }

    /// <summary>SHA-256 of the file: part of the bottleneck cache key and of the model description.</summary>
    public string Hash => _hash.Value;

    internal OnnxModelDocument Document => _document.Value;

    public OnnxModelInfo Info => _info.Value;

    /// <summary>Computes the hash and parses the model now (both are otherwise done on first use), e.g. on another thread.</summary>
    public ResolvedBackbone Prepare()
    {
        _ = Hash;
        _ = Info;
        return this;
    }

    /// <summary>Reads the file once; an unreadable file is an <see cref="InvalidDataException"/> naming it.</summary>
    public static ResolvedBackbone Load(string path, BackboneSpec spec, string origin = "file")
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(spec);
        var full = System.IO.Path.GetFullPath(path);
        try
        {
            return new ResolvedBackbone(full, spec, origin, File.ReadAllBytes(full));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"Backbone '{full}' cannot be read: {e.Message}", e);
        }
    }

    /// <summary>The same backbone with other weights (a fine-tuned copy): same spec and origin, new bytes and hash.</summary>
    public ResolvedBackbone WithBytes(byte[] bytes) => new(Path, Spec, Origin, bytes);
}
