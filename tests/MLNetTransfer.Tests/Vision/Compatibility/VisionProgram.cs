using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Tests.Vision.Compatibility;

/// <summary>
/// Compiles a program written for Microsoft.ML.Vision against this library with Roslyn, in process, and runs its Main
/// with the console captured. The program names only an Architecture, as Vision programs do: a local backbone stands in
/// for every catalog download, and the bottleneck cache goes to a folder of the test's, so it runs offline as written.
/// </summary>
internal static class VisionProgram
{
    private const string CacheVariable = "MLNETTRANSFER_CACHE_DIR";

    public static Assembly Compile(params string[] sources)
    {
        var compilation = CSharpCompilation.Create("VisionProgram" + Guid.NewGuid().ToString("N"),
            sources.Select(s => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest))),
            References(), new CSharpCompilationOptions(OutputKind.ConsoleApplication));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        var errors = emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToArray();
        errors.Should().BeEmpty("the program must compile against MLNetTransfer as written for Microsoft.ML.Vision");
        return Assembly.Load(image.ToArray());
    }

    /// <summary>Runs Main(args); returns everything it wrote to the console. Tests calling it must not run in parallel.</summary>
    public static string Run(Assembly program, string backbonePath, string cacheFolder, params string[] args)
    {
        var console = new StringWriter();
        var previousOut = Console.Out;
        var previousCache = Environment.GetEnvironmentVariable(CacheVariable);
        BackboneResolver.CatalogStandIn.Value = backbonePath;
        Environment.SetEnvironmentVariable(CacheVariable, cacheFolder);
        Console.SetOut(console);
        try
        {
            program.EntryPoint!.Invoke(null, [args]);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(e.InnerException).Throw();
        }
        finally
        {
            Console.SetOut(previousOut);
            Environment.SetEnvironmentVariable(CacheVariable, previousCache);
            BackboneResolver.CatalogStandIn.Value = null;
        }
        return console.ToString();
    }

    // Everything the test process can load: the framework, ML.NET and MLNetTransfer, as a program referencing the package gets.
    private static IEnumerable<MetadataReference> References()
    {
        _ = typeof(ImageClassificationTrainer);
        var platform = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator);
        var loaded = AppDomain.CurrentDomain.GetAssemblies().Where(a => !a.IsDynamic && a.Location.Length > 0).Select(a => a.Location);
        return platform.Concat(loaded)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .DistinctBy(Path.GetFileName)
            .Select(p => MetadataReference.CreateFromFile(p));
    }
}

/// <summary>The programs capture the process-wide console and set an environment variable: they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class VisionProgramCollection
{
    public const string Name = "Programs written for Microsoft.ML.Vision";
}
