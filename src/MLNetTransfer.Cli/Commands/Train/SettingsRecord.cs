using MLNetTransfer.Backbones;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>Every resolved setting of a run, for metrics.json and the report: enough to repeat the run exactly.</summary>
internal static class SettingsRecord
{
    public static IReadOnlyDictionary<string, object?> Describe(ResolvedTrainSettings s, ResolvedBackbone backbone, ImageClassificationModel model,
        IReadOnlyList<ResolvedBackbone>? additionalBackbones = null) =>
        new Dictionary<string, object?>
        {
            ["data"] = s.Data,
            ["validation"] = s.Validation,
            ["validationFraction"] = s.ValidationFraction,
            ["arch"] = s.Arch,
            ["backbone"] = backbone.Path,
            ["backboneName"] = model.Description.Backbone.Name,
            ["backboneSha256"] = model.Description.Backbone.Sha256,
            ["backboneSource"] = backbone.Origin,
            ["inputWidth"] = backbone.Spec.Width,
            ["inputHeight"] = backbone.Spec.Height,
            // Backbones whose features follow the main one's, in order (null with one backbone), named and hashed as in model.json.
            ["additionalBackbones"] = additionalBackbones is not { Count: > 0 } ? null : string.Join("; ", additionalBackbones.Select((b, i) =>
                $"{model.Description.AdditionalBackbones?[i].Name} ({b.Path}, {b.Origin}, sha256 {model.Description.AdditionalBackbones?[i].Sha256})")),
            ["output"] = s.Output,
            ["epochs"] = s.Epochs,
            ["batchSize"] = s.BatchSize,
            ["learningRate"] = s.LearningRate,
            ["seed"] = s.Seed,
            ["cacheDir"] = s.CacheDir,
            ["offline"] = s.Offline,
            ["mirror"] = s.Mirror?.ToString(),
            ["noCache"] = s.NoCache,
            ["balanceClasses"] = s.BalanceClasses,
            ["labelSmoothing"] = s.LabelSmoothing,
            ["earlyStoppingPatience"] = s.EarlyStoppingPatience,
            ["threads"] = s.Threads,
            ["device"] = s.Device,
            ["engine"] = s.Engine,
            ["unfreeze"] = s.Unfreeze,
            ["precision"] = PrecisionFlag.Name(s.Precision),
            ["views"] = s.Views,
            ["refit"] = s.Refit,
            ["refitDone"] = model.Refit?.Note ?? (s.Refit ? "no: a validation folder was given, nothing was held out" : "no"),
            ["earlyStoppingFallback"] = model.Training.EarlyStoppingFallback,
            ["jpegDecoder"] = Images.ImageDecoder.JpegDecoderName,
        };
}
