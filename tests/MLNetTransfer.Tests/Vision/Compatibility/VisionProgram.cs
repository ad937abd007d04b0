using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.CodeAnalysis;
using MLNetTransfer.Backbones;
using MLNetTransfer.Tests.Support;
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

    public static Assembly Compile(params string[] sources) =>
        InProcessCompiler.Compile(OutputKind.ConsoleApplication, NullableContextOptions.Disable, sources);

    /// <summary>Runs Main(args); returns everything it wrote to the console. Tests calling it belong to <see cref="ProcessWideCollection"/>.</summary>
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
}
