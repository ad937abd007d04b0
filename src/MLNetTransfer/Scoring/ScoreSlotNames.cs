using Microsoft.ML;
using MLNetTransfer.Preprocessing;

namespace MLNetTransfer.Scoring;

/// <summary>
/// Gives the score vector the SlotNames annotation ML.NET's multiclass trainers give theirs (one name per score: the
/// label's key values), so a plain ML.NET program can read <c>schema["Score"].GetSlotNames</c>. Only stock components
/// can be saved, and the one that names slots is Concatenate (after its scalar input columns), so the scores are split
/// into scalars (<see cref="ScoreSlotsMapping"/>), copied to columns named after the classes, concatenated, and the
/// helper columns dropped again.
/// </summary>
internal static class ScoreSlotNames
{
    /// <summary>
    /// The steps that rebuild <paramref name="scoreColumn"/> with slot names, and the helper columns to drop after them;
    /// null when a class name is also a column name of the pipeline (the helper column would hide or drop that column).
    /// </summary>
    public static (IEstimator<ITransformer> Steps, IReadOnlyList<string> Helpers)? Create(MLContext mlContext, string scoreColumn,
        IReadOnlyList<string> classNames, IEnumerable<string> pipelineColumns)
    {
        var taken = new HashSet<string>(pipelineColumns, StringComparer.Ordinal);
        if (classNames.Any(taken.Contains) || classNames.Any(n => n.StartsWith("__MLNetTransfer_", StringComparison.Ordinal)))
            return null;

        var helpers = new List<string> { PipelineColumns.SlotSource, PipelineColumns.SlotRest };
        IEstimator<ITransformer> steps = mlContext.Transforms.CopyColumns(PipelineColumns.SlotSource, scoreColumn);
        for (var first = 0; first < classNames.Count; first += ScoreSlots.Count)
        {
            var count = Math.Min(ScoreSlots.Count, classNames.Count - first);
            steps = steps.Append(mlContext.Transforms.CustomMapping(new ScoreSlotsMapping().GetMapping(), ScoreSlotsMapping.ContractName));
            for (var i = 0; i < count; i++)
                steps = steps.Append(mlContext.Transforms.CopyColumns(classNames[first + i], PipelineColumns.ScoreSlot(i)));
            // The next split reads what this one left.
            steps = steps.Append(mlContext.Transforms.CopyColumns(PipelineColumns.SlotSource, PipelineColumns.SlotRest));
        }
        helpers.AddRange(Enumerable.Range(0, ScoreSlots.Count).Select(PipelineColumns.ScoreSlot));
        helpers.AddRange(classNames);
        steps = steps.Append(mlContext.Transforms.Concatenate(scoreColumn, [.. classNames]));
        return (steps, helpers);
    }
}
