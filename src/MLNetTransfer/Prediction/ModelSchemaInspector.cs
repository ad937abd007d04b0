using Microsoft.ML;
using Microsoft.ML.Data;

namespace MLNetTransfer.Prediction;

/// <summary>Finds, in a loaded model's schemas, the image input column and the class names of its scores.</summary>
internal static class ModelSchemaInspector
{
    public static (string Name, bool HoldsPaths) FindImageColumn(DataViewSchema inputSchema, string? requested)
    {
        if (requested is not null)
        {
            var column = inputSchema.GetColumnOrNull(requested)
                ?? throw new ArgumentException($"The model's input has no column '{requested}'. Columns: {Describe(inputSchema)}.");
            return (column.Name, column.Type is TextDataViewType);
        }
        var bytes = inputSchema.FirstOrDefault(c => !c.IsHidden && c.Type is VectorDataViewType { ItemType: var item } && item == NumberDataViewType.Byte);
        if (bytes.Name is not null)
            return (bytes.Name, false);
        var path = inputSchema.FirstOrDefault(c => !c.IsHidden && c.Type is TextDataViewType &&
            c.Name.Contains("path", StringComparison.OrdinalIgnoreCase));
        if (path.Name is not null)
            return (path.Name, true);
        throw new ArgumentException($"Cannot tell which input column holds the image; name it. Columns: {Describe(inputSchema)}.");
    }

    /// <summary>The text values of a key column (hidden ones included) with one value per score slot.</summary>
    public static string[] FindClassNames(DataViewSchema outputSchema, string scoreColumn)
    {
        var score = outputSchema.GetColumnOrNull(scoreColumn)
            ?? throw new ArgumentException($"The model has no score column '{scoreColumn}'. Columns: {Describe(outputSchema)}.");
        var count = (score.Type as VectorDataViewType)?.Size ?? 0;
        foreach (var column in outputSchema)
        {
            if (column.Type is not KeyDataViewType key || (int)key.Count != count)
                continue;
            if (column.Annotations.Schema.GetColumnOrNull("KeyValues") is not { Type: VectorDataViewType { ItemType: TextDataViewType } })
                continue;
            VBuffer<ReadOnlyMemory<char>> values = default;
            column.GetKeyValues(ref values);
            return values.DenseValues().Select(v => v.ToString()).ToArray();
        }
        return Enumerable.Range(0, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
    }

    private static string Describe(DataViewSchema schema) =>
        string.Join(", ", schema.Where(c => !c.IsHidden).Select(c => $"'{c.Name}' ({c.Type})"));
}
