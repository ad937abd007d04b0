using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MLNetTransfer.Tests.Support;

/// <summary>
/// Compiles C# sources with Roslyn against everything the test process can load (the framework, ML.NET, MLNetTransfer:
/// what a program referencing the package gets) and loads the result. Any warning or error fails the test, listed.
/// </summary>
public static class InProcessCompiler
{
    public static Assembly Compile(OutputKind kind, NullableContextOptions nullable, params string[] sources)
    {
        var compilation = CSharpCompilation.Create("Compiled" + Guid.NewGuid().ToString("N"),
            sources.Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest))),
            References(), new CSharpCompilationOptions(kind, nullableContextOptions: nullable));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        emitted.Diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).Should().BeEmpty();
        emitted.Success.Should().BeTrue();
        return Assembly.Load(image.ToArray());
    }

    private static IEnumerable<MetadataReference> References()
    {
        _ = typeof(Microsoft.ML.MLContext);
        _ = typeof(MLNetTransfer.Vision.ImageClassificationTrainer);
        var platform = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator);
        var loaded = AppDomain.CurrentDomain.GetAssemblies().Where(a => !a.IsDynamic && a.Location.Length > 0).Select(a => a.Location);
        return platform.Concat(loaded)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .DistinctBy(Path.GetFileName)
            .Select(p => MetadataReference.CreateFromFile(p));
    }
}
