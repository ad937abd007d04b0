using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Runtime;

namespace MLNetTransfer.Vision;

/// <summary>
/// Derives a seed from the MLContext behind a trainer catalog, so that <c>new MLContext(seed: 1)</c> gives the
/// same model every time, as with ML.NET's own trainers. ML.NET exposes a catalog's environment only through an
/// internal interface, so this reads it by reflection, in this one place.
/// </summary>
internal static class ContextSeed
{
    public static int From(IHostEnvironment environment) =>
        environment.Register("MLNetTransfer.ImageClassification").Rand.Next();

    public static int From(MLContext mlContext) => From((IHostEnvironment)mlContext);

    public static IHostEnvironment EnvironmentOf(object catalog)
    {
        var internalCatalog = catalog.GetType().GetInterfaces().FirstOrDefault(i => i.FullName == "Microsoft.ML.Data.IInternalCatalog");
        var property = internalCatalog?.GetProperty("Environment", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        return property?.GetValue(catalog) as IHostEnvironment
            ?? throw new InvalidOperationException(
                "This ML.NET version hides the catalog's MLContext; create the trainer with new ImageClassificationTrainer(mlContext, options).");
    }
}
