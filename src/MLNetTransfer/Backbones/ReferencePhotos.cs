using System.Text.Json;

namespace MLNetTransfer.Backbones;

/// <summary>
/// Photos of one ImageNet class, the evidence a normalization check runs on: a folder of images and a
/// <c>reference.json</c> naming the class, e.g. <c>{ "imageNetClassIndex": 985, "imageNetClassName": "daisy" }</c>
/// (the index is the class's position in the 1000-way output).
/// </summary>
internal sealed record ReferencePhotos(string Folder, int ClassIndex, string ClassName, IReadOnlyList<string> Files)
{
    public const string ManifestFileName = "reference.json";

    /// <summary>Where the CLI ships them: the reference-photos folder beside the program.</summary>
    public static string ShippedFolder => Path.Combine(AppContext.BaseDirectory, "reference-photos");

    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png"];

    /// <summary>The photos in a folder, or null when the folder or its manifest is missing.</summary>
    public static ReferencePhotos? TryLoad(string folder) =>
        File.Exists(Path.Combine(folder, ManifestFileName)) ? Load(folder) : null;

    /// <summary>Reads the manifest and lists the images; errors name the file and what is wrong.</summary>
    public static ReferencePhotos Load(string folder)
    {
        var manifestPath = Path.Combine(folder, ManifestFileName);
        Manifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<Manifest>(File.ReadAllText(manifestPath), new JsonSerializerOptions { PropertyNameCaseInsensitive = true });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new InvalidDataException($"Reference photo manifest '{manifestPath}' cannot be read: {e.Message}", e);
        }

        if (manifest is not { ImageNetClassIndex: >= 0 and < 1000 } || string.IsNullOrWhiteSpace(manifest.ImageNetClassName))
            throw new InvalidDataException(
                $"Reference photo manifest '{manifestPath}' must give imageNetClassIndex (0..999) and imageNetClassName.");
        var files = Directory.EnumerateFiles(folder)
            .Where(f => ImageExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (files.Length == 0)
            throw new InvalidDataException($"Reference photo folder '{folder}' holds no .jpg, .jpeg or .png file.");
        return new ReferencePhotos(folder, manifest.ImageNetClassIndex, manifest.ImageNetClassName, files);
    }

    public override string ToString() => $"{Files.Count} photos of ImageNet class {ClassIndex} '{ClassName}'";

    private sealed record Manifest(int ImageNetClassIndex, string ImageNetClassName);
}
