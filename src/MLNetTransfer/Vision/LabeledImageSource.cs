using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetTransfer.Featurization;

namespace MLNetTransfer.Vision;

/// <summary>
/// Streams the rows of an IDataView as images to featurize, remembering each row's label (0-based class) as it
/// goes. Rows without a label are reported and left out.
/// </summary>
internal sealed class LabeledImageSource
{
    private readonly IDataView _data;
    private readonly DataViewSchema.Column _label;
    private readonly DataViewSchema.Column _image;
    private readonly DataViewSchema.Column? _name;

    public LabeledImageSource(IDataView data, string labelColumn, string imageColumn, string? nameColumn, string role)
    {
        _data = data;
        Role = role;
        _label = ImageColumnSchema.RequireLabel(data.Schema, labelColumn, role);
        _image = ImageColumnSchema.RequireImage(data.Schema, imageColumn, role, out var holdsPaths);
        HoldsPaths = holdsPaths;
        _name = ImageColumnSchema.FindNameColumn(data.Schema, nameColumn, _image);
        ClassCount = ImageColumnSchema.KeyCount(_label);
    }

    public string Role { get; }

    public bool HoldsPaths { get; }

    public int ClassCount { get; }

    /// <summary>Class of each input index; filled while <see cref="Images"/> is enumerated (-1: no label).</summary>
    public List<int> Labels { get; } = [];

    public List<SkippedImage> Unlabeled { get; } = [];

    /// <summary>Name of each input index (path or row name), for reports; filled with <see cref="Labels"/>.</summary>
    public List<string> Names { get; } = [];

    public IEnumerable<ImageInput> Images()
    {
        Labels.Clear();
        Names.Clear();
        Unlabeled.Clear();
        // Only the columns read: an unread bytes column costs nothing (its files are never opened by the data view).
        var columns = new[] { _label, _image }.Concat(_name is { } n ? [n] : []).Distinct();
        using var cursor = SequentialCursor(_data, columns);
        var labelGetter = cursor.GetGetter<uint>(_label);
        var nameGetter = _name is { } nameColumn ? cursor.GetGetter<ReadOnlyMemory<char>>(nameColumn) : null;
        var pathGetter = HoldsPaths ? cursor.GetGetter<ReadOnlyMemory<char>>(_image) : null;
        var bytesGetter = HoldsPaths ? null : cursor.GetGetter<VBuffer<byte>>(_image);
        uint key = 0;
        ReadOnlyMemory<char> text = default;
        VBuffer<byte> bytes = default;
        var index = 0;
        while (cursor.MoveNext())
        {
            labelGetter(ref key);
            string? path = null;
            if (pathGetter is not null)
            {
                pathGetter(ref text);
                path = text.ToString();
            }
            var name = path ?? $"{Role} row {index}";
            if (nameGetter is not null)
            {
                nameGetter(ref text);
                if (!text.IsEmpty)
                    name = text.ToString();
            }

            Labels.Add(key == 0 ? -1 : (int)key - 1);
            Names.Add(name);
            if (key == 0)
            {
                Unlabeled.Add(new SkippedImage(name, "the label is missing (not one of the label key's values)"));
                index++;
                continue;
            }

            if (path is not null)
            {
                yield return ImageInput.FromFile(index, path);
            }
            else
            {
                bytesGetter!(ref bytes);
                yield return ImageInput.FromBytes(index, name, bytes.DenseValues().ToArray());
            }
            index++;
        }
    }

    /// <summary>
    /// One cursor over the rows in order. GetRowCursor would split a transformed view across threads and merge them
    /// back, which costs more than reading a few columns of small rows (a warm cache's whole run is this loop).
    /// </summary>
    private static DataViewRowCursor SequentialCursor(IDataView data, IEnumerable<DataViewSchema.Column> columns)
    {
        var cursors = data.GetRowCursorSet(columns, 1);
        if (cursors.Length == 1)
            return cursors[0];
        foreach (var cursor in cursors)
            cursor.Dispose();
        return data.GetRowCursor(columns);
    }
}
