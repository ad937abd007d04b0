using System.Diagnostics;
using Microsoft.ML;
using MLNetTransfer.Cli.App;
using MLNetTransfer.Cli.Commands.Shared;
using MLNetTransfer.Cli.Output;
using MLNetTransfer.Data;
using MLNetTransfer.Evaluation;
using MLNetTransfer.Images;
using MLNetTransfer.Prediction;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>
/// One train run, in order: read the folders, pick the backbone, featurize and train, write the model files,
/// evaluate the saved model on the validation folder, write metrics.json and report.html, print the summary.
/// </summary>
public static class TrainRun
{
    public const string MetricsFile = "metrics.json";

    public static int Execute(Ui ui, ResolvedTrainSettings settings)
    {
        var total = Stopwatch.StartNew();
        // --output is checked and locked before any work, so a bad folder or a second writer fails at once.
        using var folder = ModelFolderWriter.Begin(settings.Output);
        var engine = TrainEngine.Create(settings, ui);
        var mlContext = new MLContext(settings.Seed);
        // A backbone file is read, hashed and parsed on another thread while the folders are read. A catalog backbone is
        // resolved after them, so that a bad folder is reported before any download starts.
        var fileBackbone = settings.Backbone is null ? null : Task.Run(() => BackboneChoice.Resolve(settings, ui).Prepare());
        var data = TrainingData.Load(mlContext, settings.Data, settings.Validation);
        ui.Line($"Data: {data.Train.Images.Count} training images in {data.Train.Classes.Count} classes ({string.Join(", ", data.Train.Classes)})" +
            (data.Validation is null ? $", {Format.Percent(settings.ValidationFraction)} held out for validation" : $", {data.Validation.Images.Count} validation images"));

        foreach (var warning in ClassNames.LookAlikeWarnings(data.Train.Classes))
            ui.Warn(warning);

        var backbone = fileBackbone?.GetAwaiter().GetResult() ?? BackboneChoice.Resolve(settings, ui);
        ui.Line($"Backbone: {backbone.Spec.Name} ({backbone.Path}), input {backbone.Spec.Width}x{backbone.Spec.Height}");
        var additionalBackbones = BackboneChoice.ResolveAdditional(settings, ui);
        foreach (var more in additionalBackbones)
            ui.Line($"Concatenated with: {more.Spec.Name} ({more.Path}), input {more.Spec.Width}x{more.Spec.Height}");
        // Which JPEG decoder runs: SkiaSharp's has no SIMD, so the line says when installing libturbojpeg would help.
        var decoder = ImageDecoder.JpegDecoderName;
        ui.Line($"JPEG decoder: {decoder}" + (decoder.Contains("not found", StringComparison.Ordinal)
            ? "; installing libturbojpeg (apt install libturbojpeg0, brew install jpeg-turbo) decodes JPEGs faster, same pixels"
            : ""));

        if (engine is null && settings.ExecutionDevice.IsCuda)
            ui.Line($"Device: ONNX Runtime on {settings.ExecutionDevice} (CUDA provider, no CPU fallback)");
        var options = TrainerOptions.Create(settings, backbone, engine, additionalBackbones);
        var progress = new TrainingProgress(ui, data.Train.Images.Count, data.Validation?.Images.Count ?? 0, settings.Epochs);
        progress.Attach(options);
        ImageClassificationModel model;
        try
        {
            model = new ImageClassificationTrainer(mlContext, options).Train(data.TrainView, data.ValidationView, ui.Cancellation);
        }
        finally
        {
            progress.Complete();
        }

        var skipped = data.Train.Ignored.Concat(data.Validation?.Ignored ?? []).Concat(model.SkippedImages).Select(SkippedFile.From).ToList();
        var settingsUsed = SettingsRecord.Describe(settings, backbone, model, additionalBackbones);
        var title = $"{Reporting.DatasetName.Of(settings.Data)}: {string.Join(" + ", additionalBackbones.Prepend(backbone).Select(b => b.Spec.Name))}";
        // Rows held out by --validation-fraction are scored already: the report (occlusion maps, thumbnails, all but its
        // timings) is drawn on another thread while the model is saved. A validation folder is scored by the saved model
        // below, and its report drawn after.
        var report = data.Validation is null ? ReportStep.Start(title, model, model.Validation, skipped.ToArray(), settingsUsed, ui.Cancellation) : null;
        var lap = Stopwatch.StartNew();
        ModelFiles.Write(mlContext, model, folder.Staging);
        var saveTime = lap.Elapsed;

        lap.Restart();
        EvaluationResult? final = null;
        if (data.Validation is not null)
        {
            // Scores the saved model exactly as 'evaluate' would, so both report the same numbers.
            var pool = ImageClassifierPool.Load(Path.Combine(folder.Staging, ModelFiles.ModelZip));
            var scored = FolderScorer.Score(pool, data.Validation, ui, "evaluating validation");
            // The trainer already listed this folder's ignored files and undecodable images.
            skipped.AddRange(scored.Skipped.Where(s => !skipped.Any(k => k.File == s.File)));
            if (scored.Scored.Count > 0)
                final = ClassificationEvaluator.Evaluate(model.ClassNames, scored.Scored);
        }
        else
        {
            // Rows held out by --validation-fraction: the trainer scored them from their bottlenecks.
            final = model.Validation;
        }
        var evaluateTime = lap.Elapsed;

        var timings = Timings(model.Timings, saveTime, evaluateTime, total.Elapsed);
        var computed = model.TrainFeaturize.Computed + (model.ValidationFeaturize?.Computed ?? 0);
        var fromCache = model.TrainFeaturize.FromCache + (model.ValidationFeaturize?.FromCache ?? 0);
        var document = MetricsDocument.Create(model.ClassNames, final is null ? null : EvaluationReport.From(final), model.Training,
            settingsUsed, skipped, model.Warnings, timings, computed, fromCache) with { RunId = folder.RunId, Precision = model.Precision, Refit = model.Refit };
        PrecisionLine.Print(ui, model.Precision);
        if (model.Training.EarlyStoppingFallback is { } fallback)
            ui.Line(fallback);
        if (model.Refit is { } refit)
            ui.Line(refit.Note);
        CliJson.WriteFile(Path.Combine(folder.Staging, MetricsFile), document);
        ReportStep.Write(folder.Staging, title, model, final, skipped, settingsUsed, timings, report, ui.Cancellation);

        folder.Commit();

        TrainSummary.Print(ui, settings, model, final, skipped, timings, computed, fromCache);
        return ExitCodes.Success;
    }

    private static Dictionary<string, double> Timings(TrainingTimings t, TimeSpan save, TimeSpan evaluate, TimeSpan total) => new()
    {
        ["resolveBackboneSeconds"] = t.ResolveBackbone.TotalSeconds,
        ["featurizeSeconds"] = t.Featurize.TotalSeconds,
        ["featurizeTrainSeconds"] = t.FeaturizeTrain.TotalSeconds,
        ["featurizeValidationSeconds"] = t.FeaturizeValidation.TotalSeconds,
        ["trainHeadSeconds"] = t.TrainHead.TotalSeconds,
        ["buildModelSeconds"] = t.BuildModel.TotalSeconds,
        ["saveSeconds"] = save.TotalSeconds,
        ["evaluateSeconds"] = evaluate.TotalSeconds,
        ["totalSeconds"] = total.TotalSeconds,
    };
}
