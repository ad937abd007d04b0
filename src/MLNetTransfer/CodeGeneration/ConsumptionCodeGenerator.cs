namespace MLNetTransfer.CodeGeneration;

/// <summary>
/// Writes the code an app pastes in to use a trained model, as Model Builder's consumption file does: ModelInput
/// (image bytes), ModelOutput (label and scores), and a static, thread-safe Predict helper that loads the model
/// once and keeps a pool of prediction engines (ML.NET's PredictionEngine is not thread-safe). Also a README.
/// </summary>
internal static class ConsumptionCodeGenerator
{
    public static IReadOnlyList<GeneratedFile> Generate(ConsumptionCodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ClassNames.Count == 0)
            throw new ArgumentException("The model has no classes.", nameof(options));
        var ns = CSharpText.Identifier(options.Namespace, dotted: true, "namespace");
        var type = CSharpText.Identifier(options.ClassName, dotted: false, "class name");
        return
        [
            new GeneratedFile($"{type}.cs", ConsumptionSource.Build(ns, type, options)),
            new GeneratedFile("README.md", ConsumptionReadme.Build(ns, type, options)),
        ];
    }
}
