using Spectre.Console;

namespace MLNetTransfer.Cli.Output;

/// <summary>Adds rows of plain text: Spectre reads '[' as markup, and class names or shapes like [N,3,224,224] contain it.</summary>
public static class TableRows
{
    public static Table AddPlainRow(this Table table, params string[] cells) =>
        table.AddRow(cells.Select(Markup.Escape).ToArray());
}
