using System.Text;

namespace MLNetTransfer.Cli.Tests.Output;

/// <summary>
/// What a terminal of unlimited width shows for some output: enough of one to check redrawn lines without a real one
/// (carriage return, newline and ANSI erase-to-end-of-line; other escape sequences are not expected here).
/// </summary>
public static class TerminalScreen
{
    public static IReadOnlyList<string> Render(string output)
    {
        var lines = new List<string>();
        var row = new StringBuilder();
        var column = 0;
        for (var i = 0; i < output.Length; i++)
        {
            var c = output[i];
            if (c == '\r')
                column = 0;
            else if (c == '\n')
            {
                lines.Add(row.ToString().TrimEnd());
                row.Clear();
                column = 0;
            }
            else if (c == '\u001b' && output.AsSpan(i).StartsWith("\u001b[K"))
            {
                row.Length = Math.Min(row.Length, column);
                i += 2;
            }
            else
            {
                if (column < row.Length)
                    row[column] = c;
                else
                    row.Append(c);
                column++;
            }
        }
        if (row.Length > 0)
            lines.Add(row.ToString().TrimEnd());
        return lines;
    }
}
