namespace MLNetTransfer.Cli.App;

/// <summary>Command descriptions as --help prints them: a summary, then an "Examples:" paragraph of ready-to-run lines.</summary>
public static class HelpText
{
    public static string WithExamples(string summary, params string[] examples) =>
        summary + Environment.NewLine + Environment.NewLine + "Examples:" + Environment.NewLine +
        string.Join(Environment.NewLine, examples.Select(e => "  " + e));
}
