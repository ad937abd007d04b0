namespace MLNetTransfer.CodeGeneration;

/// <summary>The README that tells a developer how to add the generated code to an app.</summary>
internal static class ConsumptionReadme
{
    public static string Build(string ns, string type, ConsumptionCodeOptions options) => $$"""
        # Using the model in your app

        1. Add the package, at the version that wrote this code:
           `dotnet add package MLNetTransfer --version {{PackageVersion.Current}}` (it brings Microsoft.ML, ONNX Runtime and the
           image decoder). Where the package comes from a folder (`dotnet pack -c Release -o packages` in the
           MLNetTransfer repository) rather than nuget.org, register that folder once first:
           `dotnet nuget add source /full/path/to/packages --name mlnettransfer`.
        2. Copy `{{type}}.cs` into your project and `{{options.ModelFileName}}` next to it, and have the build copy the model:

           ```xml
           <ItemGroup>
             <None Include="{{options.ModelFileName}}" CopyToOutputDirectory="PreserveNewest" />
           </ItemGroup>
           ```

        3. Predict, from any thread:

           ```csharp
           using {{ns}};

           ModelOutput result = {{type}}.PredictFile("photo.jpg");
           Console.WriteLine($"{result.PredictedLabel} ({result.Score.Max():P1})");
           foreach (var (label, score) in {{type}}.Top(result, 3))
               Console.WriteLine($"  {label}: {score:P1}");
           ```

        Classes, in score order: {{string.Join(", ", options.ClassNames)}}.
        The model is loaded once, on the first prediction, from `{{type}}.ModelPath` (default: beside the app's binaries).
        The code reads the classes from the model when it loads it, and refuses (InvalidOperationException) a model whose
        classes differ from the ones above: after retraining, run `mlnet-transfer codegen --force` again.

        """;
}
