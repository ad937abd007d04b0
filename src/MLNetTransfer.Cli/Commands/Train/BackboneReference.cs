namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>A backbone as the command line names it: a catalog (or Vision) name, or a local ONNX file (absolute path).</summary>
public sealed record BackboneReference(string? Arch, string? FilePath)
{
    public static BackboneReference Catalog(string name) => new(name, null);

    public static BackboneReference File(string path) => new(null, path);

    public override string ToString() => FilePath ?? Arch ?? "";
}
