using System.Reflection;
using Microsoft.ML.Runtime;

namespace MLNetTransfer.Vision;

/// <summary>
/// The MLContext behind a trainer catalog, which the trainer needs for its seed and its log, as ML.NET's own trainers do.
/// ML.NET exposes a catalog's environment only through an internal interface, so this reads it by reflection, in this one place.
/// </summary>
internal static class CatalogEnvironment
{
    public static IHostEnvironment Of(object catalog)
    {
        var internalCatalog = catalog.GetType().GetInterfaces().FirstOrDefault(i => i.FullName == "Microsoft.ML.Data.IInternalCatalog");
        var property = internalCatalog?.GetProperty("Environment", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        return property?.GetValue(catalog) as IHostEnvironment
            ?? throw new InvalidOperationException(
                "This ML.NET version hides the catalog's MLContext; create the trainer with new ImageClassificationTrainer(mlContext, options).");
    }
}
