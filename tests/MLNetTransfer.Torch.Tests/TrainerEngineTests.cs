using Microsoft.ML;
using Microsoft.ML.Data;
using MLNetTransfer.Backbones;
using MLNetTransfer.Data;
using MLNetTransfer.Engines;
using MLNetTransfer.Images;
using MLNetTransfer.Preprocessing;
using MLNetTransfer.Tests.Support;
using MLNetTransfer.Torch.FineTuning;
using MLNetTransfer.Torch.Tests.Support;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Torch.Tests;

/// <summary>The ML.NET trainer with <see cref="TorchBackboneEngine"/>: fine-tuned weights reach the saved model.</summary>
public sealed class TrainerEngineTests : IDisposable
{
    private readonly TempDir _dir = new("mlnt-torch-trainer");
    private readonly string _backbone;
    private readonly BackboneSpec _spec;

    public TrainerEngineTests()
    {
        (_backbone, var specPath) = TinyBackbone.Write(_dir.Combine("backbone"));
        _spec = BackboneSpec.Load(specPath);
    }

    [TorchFact]
    public void Fine_tuned_on_the_cpu_saves_a_model_that_scores_like_the_engine_on_the_tuned_weights()
    {
        var ml = new MLContext(seed: 1);
        var (train, validation) = Load(ml);
        var engine = new RecordingEngine(new TorchBackboneEngine(new TorchEngineOptions { Device = "cpu" }, new FineTuneOptions { AugmentedViews = 2 }));
        var model = new ImageClassificationTrainer(ml, Options(engine)).Train(train);

        var tuned = engine.Result!;
        tuned.TrainedInitializers.Should().Contain("conv_w", "UnfrozenBlocks = 1 trains the one conv before the features");
        tuned.Backbone.Should().NotEqual(File.ReadAllBytes(_backbone));
        model.Training.History.Should().HaveCount(3);

        var zip = _dir.Combine("out", "model.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(zip)!);
        model.Save(ml, train.Schema, zip);
        var scores = new MLContext().Model.Load(zip, out _).Transform(validation).GetColumn<float[]>("Score").ToArray();

        var paths = validation.GetColumn<string>("ImagePath").ToArray();
        var preprocessing = new ImagePreprocessing(ml, _spec);
        var pixels = new float[paths.Length * preprocessing.PixelCount];
        preprocessing.Extract(paths.Select(p => ImageDecoder.Decode(File.ReadAllBytes(p), preprocessing.DecodeOptions)).ToList(), pixels);
        var features = engine.Inner.Featurize(tuned.Backbone, _spec, pixels, paths.Length);
        for (var i = 0; i < paths.Length; i++)
            scores[i].Should().Equal(Softmax(tuned, features.AsSpan(i * tuned.FeatureCount, tuned.FeatureCount)), (a, b) => Math.Abs(a - b) <= 1e-4f, paths[i]);
    }

    [TorchFact]
    public void Asking_for_cuda_where_there_is_none_fails_saying_so_and_never_trains_on_the_cpu()
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = Load(ml);
        var engine = new TorchBackboneEngine(new TorchEngineOptions { Device = "cuda" });
        var act = () => new ImageClassificationTrainer(ml, Options(engine)).Train(train);
        act.Should().Throw<TorchUnavailableException>().WithMessage("*CUDA*");
    }

    private ImageClassificationTrainer.Options Options(IBackboneEngine engine) => new()
    {
        FeatureColumnName = "Image",
        LabelColumnName = "LabelKey",
        BackbonePath = _backbone,
        Engine = engine,
        UnfrozenBlocks = 1,
        Epoch = 3,
        BatchSize = 8,
        LearningRate = 1e-2f,
        ValidationSetFraction = 0,
    };

    private (IDataView Train, IDataView Validation) Load(MLContext ml)
    {
        var train = ImageFolderDataset.Scan(TestDatasets.ColourClasses(_dir.Combine("train"), perClass: 6, seed: 1)).ToDataView(ml);
        var validation = ImageFolderDataset.Scan(TestDatasets.ColourClasses(_dir.Combine("val"), perClass: 2, seed: 2)).ToDataView(ml);
        var prepare = ml.Transforms.Conversion.MapValueToKey("LabelKey", "Label")
            .Append(ml.Transforms.LoadRawImageBytes("Image", null, "ImagePath"))
            .Fit(train);
        return (prepare.Transform(train), prepare.Transform(validation));
    }

    private static float[] Softmax(BackboneFineTuneResult head, ReadOnlySpan<float> features)
    {
        var classes = head.HeadBias.Length;
        var logits = new double[classes];
        for (var c = 0; c < classes; c++)
        {
            logits[c] = head.HeadBias[c];
            for (var f = 0; f < features.Length; f++)
                logits[c] += head.HeadWeights[c * features.Length + f] * features[f];
        }
        var max = logits.Max();
        var sum = logits.Sum(l => Math.Exp(l - max));
        return logits.Select(l => (float)(Math.Exp(l - max) / sum)).ToArray();
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Passes calls to the Torch engine and keeps the fine-tuning result, to compare the saved model with.</summary>
    private sealed class RecordingEngine(TorchBackboneEngine inner) : IBackboneEngine
    {
        public TorchBackboneEngine Inner => inner;

        public BackboneFineTuneResult? Result { get; private set; }

        public string Name => inner.Name;

        public float[] Featurize(byte[] backbone, BackboneSpec spec, float[] pixels, int count) => inner.Featurize(backbone, spec, pixels, count);

        public BackboneFineTuneResult FineTune(BackboneFineTuneRequest request) => Result = inner.FineTune(request);
    }
}
