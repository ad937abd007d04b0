namespace MLNetTransfer.CodeGeneration;

/// <summary>What the generated consumption code is called and which model it loads.</summary>
internal sealed record ConsumptionCodeOptions
{
    /// <summary>The classes in score order (the model's label key order).</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    public string Namespace { get; init; } = "ImageClassification";

    /// <summary>The static class holding Predict and PredictFile.</summary>
    public string ClassName { get; init; } = "ImageClassifier";

    /// <summary>The model file name, looked up beside the app's binaries unless the app sets ModelPath.</summary>
    public string ModelFileName { get; init; } = "model.zip";

    /// <summary>The input column of the model: encoded image bytes.</summary>
    public string ImageColumnName { get; init; } = "Image";
}

/// <summary>One generated file: a name relative to the output folder, and its text.</summary>
internal sealed record GeneratedFile(string Name, string Content);
