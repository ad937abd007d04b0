using System.Text;

namespace MLNetTransfer.Reporting;

/// <summary>One image of a gallery: its thumbnail (optionally with its occlusion map beside it) and caption lines.</summary>
internal static class ImageCard
{
    /// <param name="cssClass">The figure's class, e.g. "mistake".</param>
    /// <param name="path">The image file, shown as its name and in the tooltip.</param>
    /// <param name="caption">Caption lines, already HTML.</param>
    /// <param name="cropSize">The model's input size: the thumbnail is then the centre crop the model sees.</param>
    /// <param name="heatMap">The thumbnail of the crop with its occlusion map blended in, if there is one.</param>
    /// <param name="longSide">Thumbnail size in pixels.</param>
    /// <param name="images">Thumbnails drawn ahead, if any.</param>
    public static string Render(string cssClass, string path, IEnumerable<string> caption, (int Width, int Height)? cropSize,
        Thumbnail? heatMap = null, int longSide = Thumbnail.DefaultLongSide, ReportImages? images = null)
    {
        var thumbnail = images?.Thumbnail(path, longSide) ?? Thumbnail.FromFile(path, longSide, cropSize);
        var fileName = Html.Escape(FileName(path));
        var html = new StringBuilder($"<figure class=\"{cssClass}{(heatMap?.DataUri is null ? "" : " explained")}\" title=\"{Html.Escape(path)}\">");
        html.Append("<div class=\"pics\">");
        html.Append(thumbnail.DataUri is { } uri
            ? $"<img class=\"thumb\" src=\"{uri}\" alt=\"{fileName}\" width=\"{longSide}\" height=\"{longSide}\">"
            : $"<div class=\"thumb-missing\">image unavailable: {Html.Escape(thumbnail.Failure)}</div>");
        if (heatMap?.DataUri is { } heat)
            html.Append($"<img class=\"thumb heat\" src=\"{heat}\" alt=\"occlusion map of {fileName}\" width=\"{longSide}\" height=\"{longSide}\">");
        html.Append("</div><figcaption>");
        foreach (var line in caption)
            html.Append(line);
        html.Append($"<span class=\"file\">{fileName}</span></figcaption></figure>");
        return html.ToString();
    }

    public static string ClassName(IReadOnlyList<string> classes, int index) =>
        index >= 0 && index < classes.Count ? classes[index] : $"class {index}";

    private static string FileName(string name)
    {
        var file = Path.GetFileName(name);
        return string.IsNullOrEmpty(file) ? name : file;
    }
}
