using Microsoft.ML;
using MLNetTransfer.Featurization;

namespace MLNetTransfer.Data;

/// <summary>One image of a folder-per-class dataset.</summary>
public sealed class LabeledImagePath
{
    public string ImagePath { get; set; } = "";

    public string Label { get; set; } = "";
}

/// <summary>
/// A labelled image dataset: a folder with one sub-folder per class (<see cref="Scan"/>), or a list file of
/// "path,label" rows (<see cref="FromList"/>). Files whose extension is not an image format are listed in
/// <see cref="Ignored"/> (with the reason) rather than silently dropped; hidden files and folders are ignored.
/// </summary>
public sealed class ImageFolderDataset
{
    /// <summary>Extensions read as images (case-insensitive).</summary>
    public static readonly IReadOnlySet<string> ImageExtensions =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".jpe", ".png", ".bmp", ".gif", ".webp", ".ico", ".wbmp" };

    internal ImageFolderDataset(string root, IReadOnlyList<string> classes, IReadOnlyList<LabeledImagePath> images, IReadOnlyList<SkippedImage> ignored)
    {
        Root = root;
        Classes = classes;
        Images = images;
        Ignored = ignored;
    }

    /// <summary>The dataset folder, or the list file.</summary>
    public string Root { get; }

    /// <summary>Class names: the sub-folder names (or the list's labels), in ordinal order.</summary>
    public IReadOnlyList<string> Classes { get; }

    public IReadOnlyList<LabeledImagePath> Images { get; }

    public IReadOnlyList<SkippedImage> Ignored { get; }

    /// <summary>A folder (see <see cref="Scan"/>) or, for a file, a list of "path,label" rows (see <see cref="FromList"/>).</summary>
    public static ImageFolderDataset Load(string folderOrList) =>
        File.Exists(folderOrList) ? FromList(folderOrList) : Scan(folderOrList);

    /// <summary>
    /// Reads a list file of "path,label" rows (CSV; tab-separated for .tsv; an optional "path,label" header). Relative
    /// paths are relative to the list's folder. Bad rows (wrong field count, empty path or label, missing image) make an
    /// <see cref="InvalidDataException"/> naming each by line number.
    /// </summary>
    public static ImageFolderDataset FromList(string listFile) => ImageListFile.Read(listFile);

    public static ImageFolderDataset Scan(string folder)
    {
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
            throw new DirectoryNotFoundException($"Dataset folder '{root}' does not exist.");

        var images = new List<LabeledImagePath>();
        var ignored = new List<SkippedImage>();
        var classes = new List<string>();
        foreach (var classDir in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(classDir);
            if (IsHidden(classDir))
                continue;
            classes.Add(name);
            var walker = new ClassFolderWalker();
            walker.Walk(classDir);
            ignored.AddRange(walker.Problems);
            var before = images.Count;
            foreach (var file in walker.Files)
            {
                if (ImageExtensions.Contains(Path.GetExtension(file)))
                    images.Add(new LabeledImagePath { ImagePath = file, Label = name });
                else
                    ignored.Add(new SkippedImage(file, MLNetTransfer.Images.UnsupportedFormats.DescribeExtension(file) ?? "not an image file extension; ignored"));
            }
            if (images.Count == before)
                ignored.Add(new SkippedImage(classDir, $"class folder '{name}' holds no image file; the class is left out"));
        }

        foreach (var stray in Directory.EnumerateFiles(root).Where(f => !IsHidden(f)))
            ignored.Add(new SkippedImage(stray, "a file directly in the dataset folder belongs to no class (put it in a class sub-folder)"));
        if (classes.Count == 0)
            throw new InvalidDataException($"Dataset folder '{root}' has no class sub-folders: put each class's images in a folder named after the class.");
        return new ImageFolderDataset(root, classes, images, ignored);
    }

    /// <summary>
    /// This dataset with each class renamed to the training class it matches by <see cref="ClassNames.Match"/>: a
    /// validation folder saved in the other Unicode normalisation then labels its images with the training names.
    /// </summary>
    public ImageFolderDataset SpelledAs(IReadOnlyCollection<string> trainingClasses)
    {
        string Rename(string c) => ClassNames.Match(c, trainingClasses) ?? c;
        return new ImageFolderDataset(Root, Classes.Select(Rename).ToArray(),
            Images.Select(i => new LabeledImagePath { ImagePath = i.ImagePath, Label = Rename(i.Label) }).ToArray(), Ignored);
    }

    /// <summary>Columns ImagePath (text) and Label (text).</summary>
    public IDataView ToDataView(MLContext mlContext) => mlContext.Data.LoadFromEnumerable(Images);

    private static bool IsHidden(string path) => Path.GetFileName(path).StartsWith('.');
}
