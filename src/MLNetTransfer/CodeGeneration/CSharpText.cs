using System.Text;
using System.Text.RegularExpressions;

namespace MLNetTransfer.CodeGeneration;

/// <summary>Safe pieces of C# source: string literals and checked identifiers.</summary>
internal static partial class CSharpText
{
    public static string Literal(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return text.Append('"').ToString();
    }

    /// <summary>Throws unless <paramref name="name"/> is a dotted list of plain identifiers (or just one when <paramref name="dotted"/> is false).</summary>
    public static string Identifier(string name, bool dotted, string what)
    {
        var pattern = dotted ? DottedIdentifier() : SimpleIdentifier();
        return pattern.IsMatch(name) ? name
            : throw new ArgumentException($"'{name}' is not a valid C# {what}: use letters, digits and underscores{(dotted ? ", parts separated by dots" : "")}.");
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex SimpleIdentifier();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")]
    private static partial Regex DottedIdentifier();
}
