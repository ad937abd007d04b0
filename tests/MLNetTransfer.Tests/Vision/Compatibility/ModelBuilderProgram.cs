namespace MLNetTransfer.Tests.Vision.Compatibility;

/// <summary>
/// A program shaped like what Model Builder generates for image classification: a consumption file (ModelInput,
/// ModelOutput with the pass-through Label and ImageSource columns, a lazy PredictionEngine), a training file with only
/// ML.NET's namespaces and <c>BuildPipeline(MLContext)</c>, and a Main that trains, saves and predicts.
/// </summary>
internal static class ModelBuilderProgram
{
    public const string Consumption = """
        using Microsoft.ML;
        using Microsoft.ML.Data;
        using System;
        using System.IO;

        namespace ImageApp
        {
            public partial class ImageModel
            {
                public class ModelInput
                {
                    [LoadColumn(0)]
                    [ColumnName(@"Label")]
                    public string Label { get; set; }

                    [LoadColumn(1)]
                    [ColumnName(@"ImageSource")]
                    public byte[] ImageSource { get; set; }
                }

                public class ModelOutput
                {
                    [ColumnName(@"Label")]
                    public uint Label { get; set; }

                    [ColumnName(@"ImageSource")]
                    public byte[] ImageSource { get; set; }

                    [ColumnName(@"PredictedLabel")]
                    public string PredictedLabel { get; set; }

                    [ColumnName(@"Score")]
                    public float[] Score { get; set; }
                }

                public static string MLNetModelPath = Path.GetFullPath("ImageModel.mlnet");

                public static readonly Lazy<PredictionEngine<ModelInput, ModelOutput>> PredictEngine =
                    new Lazy<PredictionEngine<ModelInput, ModelOutput>>(() => CreatePredictEngine(), true);

                public static ModelOutput Predict(ModelInput input)
                {
                    var predEngine = PredictEngine.Value;
                    return predEngine.Predict(input);
                }

                private static PredictionEngine<ModelInput, ModelOutput> CreatePredictEngine()
                {
                    var mlContext = new MLContext();
                    ITransformer mlModel = mlContext.Model.Load(MLNetModelPath, out var _);
                    return mlContext.Model.CreatePredictionEngine<ModelInput, ModelOutput>(mlModel);
                }
            }
        }
        """;

    public const string Training = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Linq;
        using Microsoft.ML.Data;
        using Microsoft.ML;

        namespace ImageApp
        {
            public partial class ImageModel
            {
                public static void Train(string outputModelPath, string inputDataFilePath)
                {
                    var mlContext = new MLContext();
                    var data = LoadImageFromFolder(mlContext, inputDataFilePath);
                    var model = RetrainModel(mlContext, data);
                    SaveModel(mlContext, model, data, outputModelPath);
                }

                public static void SaveModel(MLContext mlContext, ITransformer model, IDataView data, string modelSavePath)
                {
                    DataViewSchema dataViewSchema = data.Schema;
                    using (var fs = File.Create(modelSavePath))
                    {
                        mlContext.Model.Save(model, dataViewSchema, fs);
                    }
                }

                public static IDataView LoadImageFromFolder(MLContext mlContext, string folder)
                {
                    var allowedImageExtensions = new[] { ".png", ".jpg", ".jpeg", ".gif" };
                    var inputs = new List<ModelInput>();
                    foreach (var labelFolder in new DirectoryInfo(folder).GetDirectories().OrderBy(d => d.Name))
                    {
                        foreach (var file in labelFolder.GetFiles().OrderBy(f => f.Name))
                        {
                            if (!allowedImageExtensions.Contains(file.Extension.ToLowerInvariant()))
                                continue;
                            inputs.Add(new ModelInput { Label = labelFolder.Name, ImageSource = File.ReadAllBytes(file.FullName) });
                        }
                    }
                    return mlContext.Data.LoadFromEnumerable(inputs);
                }

                public static ITransformer RetrainModel(MLContext mlContext, IDataView trainData)
                {
                    var pipeline = BuildPipeline(mlContext);
                    var model = pipeline.Fit(trainData);
                    return model;
                }

                public static IEstimator<ITransformer> BuildPipeline(MLContext mlContext)
                {
                    // Data process configuration with pipeline data transformations
                    var pipeline = mlContext.Transforms.Conversion.MapValueToKey(outputColumnName:@"Label",inputColumnName:@"Label",addKeyValueAnnotationsAsText:false)
                                            .Append(mlContext.MulticlassClassification.Trainers.ImageClassification(labelColumnName:@"Label",scoreColumnName:@"Score",featureColumnName:@"ImageSource"))
                                            .Append(mlContext.Transforms.Conversion.MapKeyToValue(outputColumnName:@"PredictedLabel",inputColumnName:@"PredictedLabel"));

                    return pipeline;
                }
            }
        }
        """;

    public const string Program = """
        using System;
        using System.IO;
        using System.Linq;
        using ImageApp;

        var modelPath = Path.Combine(args[1], "ImageModel.mlnet");
        ImageModel.Train(modelPath, args[0]);
        ImageModel.MLNetModelPath = modelPath;

        int correct = 0, total = 0;
        foreach (var labelFolder in new DirectoryInfo(args[2]).GetDirectories().OrderBy(d => d.Name))
        {
            foreach (var file in labelFolder.GetFiles("*.jpg").OrderBy(f => f.Name))
            {
                var input = new ImageModel.ModelInput { Label = labelFolder.Name, ImageSource = File.ReadAllBytes(file.FullName) };
                var output = ImageModel.Predict(input);
                Console.WriteLine($"{file.Name}: Label={output.Label}, ImageSource={output.ImageSource.Length} bytes (input {input.ImageSource.Length}), " +
                    $"PredictedLabel={output.PredictedLabel}, Score={output.Score.Length} values summing to {output.Score.Sum():F3}");
                total++;
                if (output.PredictedLabel == labelFolder.Name)
                    correct++;
            }
        }
        Console.WriteLine($"Correct: {correct} of {total}");
        """;
}
