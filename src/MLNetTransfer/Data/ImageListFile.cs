using System.Globalization;
using System.Text;
using MLNetTransfer.Featurization;

namespace MLNetTransfer.Data;

/// <summary>
/// Reads a list of labelled images: one "path,label" row per line (tab-separated when the file ends in .tsv). Relative
/// paths are relative to the list's own folder, so a list travels with its images. Blank lines and lines starting with
/// '#' are skipped, as is a first line "path,label" (any case); fields may be quoted as in CSV ("a,b.jpg" or "say ""hi""").
/// Every bad row is reported with its line number, all at once, so a long list is fixed in one pass.
/// </summary>
internal static class ImageListFile
{
    private const int MaxReportedRows = 20;

    public static ImageFolderDataset Read(string listPath)
    {
        var fullPath = Path.GetFullPath(listPath);
        if (!File.Exists(fullPath))
            throw new FileNotFoundException($"Image list '{fullPath}' does not exist.", fullPath);
        var folder = Path.GetDirectoryName(fullPath)!;
        var separator = string.Equals(Path.GetExtension(fullPath), ".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',';

        var images = new List<LabeledImagePath>();
        var ignored = new List<SkippedImage>();
        var errors = new List<string>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(fullPath))
        {
            lineNumber++;
            var text = lineNumber == 1 ? line.TrimStart('\uFEFF') : line;
            if (text.Trim().Length == 0 || text.TrimStart().StartsWith('#'))
                continue;
            if (!TrySplit(text, separator, out var fields, out var problem))
            {
                errors.Add($"line {lineNumber}: {problem}");
                continue;
            }
            if (lineNumber == 1 && fields.Count == 2 && IsHeader(fields[0], fields[1]))
                continue;
            if (fields.Count != 2)
            {
                errors.Add($"line {lineNumber}: expected 2 fields (path{Name(separator)}label), found {fields.Count}");
                continue;
            }
            var (path, label) = (fields[0].Trim(), fields[1].Trim());
            if (path.Length == 0 || label.Length == 0)
            {
                errors.Add($"line {lineNumber}: {(path.Length == 0 ? "the path" : "the label")} is empty");
                continue;
            }
            var imagePath = Path.GetFullPath(Path.Combine(folder, path));
            if (!File.Exists(imagePath))
                errors.Add($"line {lineNumber}: image '{imagePath}' does not exist");
            else if (!ImageFolderDataset.ImageExtensions.Contains(Path.GetExtension(imagePath)))
                ignored.Add(new SkippedImage(imagePath, $"not an image file extension (line {lineNumber} of '{fullPath}'); ignored"));
            else
                images.Add(new LabeledImagePath { ImagePath = imagePath, Label = label });
        }

        if (errors.Count > 0)
        {
            var shown = string.Join(Environment.NewLine, errors.Take(MaxReportedRows).Select(e => "  " + e));
            var more = errors.Count > MaxReportedRows ? $"{Environment.NewLine}  ... and {errors.Count - MaxReportedRows} more" : "";
            throw new InvalidDataException(
                $"Image list '{fullPath}' has {errors.Count} bad row{(errors.Count == 1 ? "" : "s")}:{Environment.NewLine}{shown}{more}");
        }
        if (images.Count == 0)
            throw new InvalidDataException($"Image list '{fullPath}' lists no image: write one 'path{Name(separator)}label' row per image.");
        var classes = images.Select(i => i.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return new ImageFolderDataset(fullPath, classes, images, ignored);
    }

    private static string Name(char separator) => separator == '\t' ? "<tab>" : ",";

    private static bool IsHeader(string first, string second) =>
        first.Trim().ToLowerInvariant() is "path" or "imagepath" or "image" or "file"
        && second.Trim().ToLowerInvariant() is "label" or "class";

    /// <summary>Splits one line into fields, honouring CSV quotes.</summary>
    private static bool TrySplit(string line, char separator, out List<string> fields, out string? problem)
    {
        fields = [];
        problem = null;
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"')
                    field.Append(c);
                else if (i + 1 < line.Length && line[i + 1] == '"')
                    field.Append(line[++i]);
                else
                    quoted = false;
            }
            else if (c == '"' && field.ToString().Trim().Length == 0)
            {
                field.Clear();
                quoted = true;
            }
            else if (c == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        if (quoted)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"a quote opened at field {fields.Count + 1} is never closed");
            return false;
        }
        fields.Add(field.ToString());
        return true;
    }
}
