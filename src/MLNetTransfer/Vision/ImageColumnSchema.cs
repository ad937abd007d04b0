using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetTransfer.Vision;

/// <summary>Checks the columns the trainer reads, with errors that say what to change.</summary>
internal static class ImageColumnSchema
{
    /// <summary>ML.NET's annotation kind for a key's values (its constant is internal).</summary>
    public const string KeyValuesKind = "KeyValues";

    public static DataViewSchema.Column RequireLabel(DataViewSchema schema, string name, string role)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentException($"The {role} data has no label column '{name}'. Columns: {Names(schema)}.");
        if (column.Type is not KeyDataViewType { RawType: var raw } || raw != typeof(uint))
        {
            throw new ArgumentException(
                $"The label column '{name}' of the {role} data must be a key type, but it is {column.Type}. " +
                $"Add mlContext.Transforms.Conversion.MapValueToKey(\"{name}\") before the trainer.");
        }
        return column;
    }

    public static DataViewSchema.Column RequireImage(DataViewSchema schema, string name, string role, out bool holdsPaths)
    {
        var column = schema.GetColumnOrNull(name)
            ?? throw new ArgumentException($"The {role} data has no image column '{name}'. Columns: {Names(schema)}.");
        holdsPaths = column.Type is TextDataViewType;
        var holdsBytes = column.Type is VectorDataViewType { ItemType: var item } && item == NumberDataViewType.Byte;
        if (!holdsPaths && !holdsBytes)
        {
            throw new ArgumentException(
                $"The image column '{name}' of the {role} data must hold encoded image bytes (Vector<Byte>, as " +
                $"mlContext.Transforms.LoadRawImageBytes makes) or image file paths (text), but it is {column.Type}.");
        }
        return column;
    }

    /// <summary>The column that names rows in messages: the one asked for, else a text column whose name mentions a path or file.</summary>
    public static DataViewSchema.Column? FindNameColumn(DataViewSchema schema, string? requested, DataViewSchema.Column image)
    {
        if (requested is not null)
        {
            var column = schema.GetColumnOrNull(requested)
                ?? throw new ArgumentException($"No column '{requested}' to name images by. Columns: {Names(schema)}.");
            if (column.Type is not TextDataViewType)
                throw new ArgumentException($"Column '{requested}' names images in messages, so it must be text; it is {column.Type}.");
            return column;
        }
        return schema.FirstOrDefault(c => !c.IsHidden && c.Index != image.Index && c.Type is TextDataViewType &&
            (c.Name.Contains("path", StringComparison.OrdinalIgnoreCase) || c.Name.Contains("file", StringComparison.OrdinalIgnoreCase)));
    }

    public static int KeyCount(DataViewSchema.Column label) => checked((int)((KeyDataViewType)label.Type).Count);

    /// <summary>The label key's values as text, in key order; "1".."K" when the key has none.</summary>
    public static string[] ClassNames(DataViewSchema.Column label)
    {
        var count = KeyCount(label);
        var annotation = label.Annotations.Schema.GetColumnOrNull(KeyValuesKind);
        if (annotation is { Type: VectorDataViewType { ItemType: TextDataViewType } })
        {
            VBuffer<ReadOnlyMemory<char>> values = default;
            label.GetKeyValues(ref values);
            var names = values.DenseValues().Select(v => v.ToString()).ToArray();
            if (names.Length == count)
                return names;
        }
        else if (annotation is { Type: VectorDataViewType vector })
        {
            return KeyValuesAsText(label, vector, count);
        }
        return Enumerable.Range(1, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    private static string[] KeyValuesAsText(DataViewSchema.Column label, VectorDataViewType type, int count)
    {
        var method = typeof(ImageColumnSchema).GetMethod(nameof(ValuesOf), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(type.ItemType.RawType);
        var names = (string[])method.Invoke(null, [label])!;
        return names.Length == count ? names : Enumerable.Range(1, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    private static string[] ValuesOf<T>(DataViewSchema.Column label)
    {
        VBuffer<T> values = default;
        label.GetKeyValues(ref values);
        return values.DenseValues().Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "").ToArray();
    }

    private static string Names(DataViewSchema schema) =>
        string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}' ({c.Type})"));
}
