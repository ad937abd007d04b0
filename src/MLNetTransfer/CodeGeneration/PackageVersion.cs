using System.Reflection;

namespace MLNetTransfer.CodeGeneration;

/// <summary>The version of the MLNetTransfer package this library was packed as.</summary>
internal static class PackageVersion
{
    /// <summary>The informational version without the commit that the build appends after '+'.</summary>
    public static string Current { get; } = Read();

    private static string Read()
    {
        var assembly = typeof(PackageVersion).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version!.ToString(3);
        var plus = informational.IndexOf('+');
        return plus < 0 ? informational : informational[..plus];
    }
}
