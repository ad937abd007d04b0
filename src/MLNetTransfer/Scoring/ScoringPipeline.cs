using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetTransfer.Onnx;
using MLNetTransfer.Preprocessing;

namespace MLNetTransfer.Scoring;

/// <summary>
/// Builds the fitted model that apps load: only stock, saveable ML.NET components plus two stateless custom
/// mappings. Decode → resize → pixels → classifier graph (backbone + head + softmax) → Score, then the index of the
/// best score becomes the PredictedLabel key whose values are the training label's values, in the same order.
/// </summary>
internal static class ScoringPipeline
{
    public static TransformerChain<ITransformer> Create(MLContext mlContext, ImagePreprocessing preprocessing,
        byte[] classifierOnnx, IReadOnlyList<string> classNames, string imageColumn, bool columnHoldsPaths,
        string scoreColumn, string predictedLabelColumn, IDataView schemaSource)
    {
        var keyData = mlContext.Data.LoadFromEnumerable(classNames.Select(n => new ClassNameRow { Name = n }));
        var indexToName = classNames.Select((name, i) => new KeyValuePair<uint, string>((uint)i, name));

        IEstimator<ITransformer> estimator = preprocessing.CreateScoringEstimator(imageColumn, columnHoldsPaths)
            .Append(mlContext.Transforms.ApplyOnnxModel([BackboneGraphBuilder.ScoreOutput], [ImagePreprocessing.PixelsColumn],
                new MemoryStream(classifierOnnx)));
        var drop = new List<string>(preprocessing.IntermediateColumns(columnHoldsPaths))
        {
            ImagePreprocessing.PixelsColumn, PipelineColumns.PredictedIndex, PipelineColumns.PredictedValue,
        };
        var pipelineColumns = schemaSource.Schema.Select(c => c.Name).Concat(drop)
            .Concat([BackboneGraphBuilder.ScoreOutput, scoreColumn, predictedLabelColumn, imageColumn]);
        if (ScoreSlotNames.Create(mlContext, BackboneGraphBuilder.ScoreOutput, classNames, pipelineColumns) is { } slotNaming)
        {
            estimator = estimator.Append(slotNaming.Steps);
            drop.AddRange(slotNaming.Helpers);
        }
        estimator = estimator.Append(mlContext.Transforms.CustomMapping(new ArgMaxMapping().GetMapping(), ArgMaxMapping.ContractName))
            .Append(mlContext.Transforms.Conversion.MapValue(PipelineColumns.PredictedValue, indexToName, PipelineColumns.PredictedIndex))
            .Append(mlContext.Transforms.Conversion.MapValueToKey(predictedLabelColumn, PipelineColumns.PredictedValue, keyData: keyData));

        if (scoreColumn != BackboneGraphBuilder.ScoreOutput)
        {
            estimator = estimator.Append(mlContext.Transforms.CopyColumns(scoreColumn, BackboneGraphBuilder.ScoreOutput));
            drop.Add(BackboneGraphBuilder.ScoreOutput);
        }
        var fitted = estimator.Append(mlContext.Transforms.DropColumns([.. drop])).Fit(schemaSource);
        return new TransformerChain<ITransformer>([.. fitted]);
    }

    private sealed class ClassNameRow
    {
        public string Name { get; set; } = "";
    }
}
