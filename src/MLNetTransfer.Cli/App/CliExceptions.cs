namespace MLNetTransfer.Cli.App;

/// <summary>A flag or value the user must change (exit code 1).</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>Input data, a model or a backbone that cannot be used (exit code 2).</summary>
public sealed class BadInputException(string message, Exception? inner = null) : Exception(message, inner);
