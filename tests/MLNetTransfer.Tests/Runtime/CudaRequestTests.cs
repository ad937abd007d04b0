using Microsoft.ML;
using MLNetTransfer.Backbones;
using MLNetTransfer.Featurization;
using MLNetTransfer.Onnx;
using MLNetTransfer.Prediction;
using MLNetTransfer.Preprocessing;
using MLNetTransfer.Runtime;
using MLNetTransfer.Scoring;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Tests.Runtime;

/// <summary>
/// Asking for CUDA where ONNX Runtime cannot use it (this test project carries the CPU build of ONNX Runtime, so
/// that is every machine it runs on) is an error that says what to install, raised before any image is read.
/// </summary>
public class CudaRequestTests
{
    [Fact]
    public void A_featurizer_on_cuda_fails_at_once_saying_what_to_install()
    {
        using var dir = new TempDir("mlnt-cuda");
        var (onnx, specPath) = TinyBackbone.Write(dir.Path);

        var create = () => new BottleneckFeaturizer(new MLContext(), onnx, BackboneSpec.Load(specPath),
            new FeaturizerOptions { Device = ExecutionDevice.Cuda(), CacheDirectory = dir.Combine("cache") });

        var error = create.Should().Throw<ExecutionDeviceUnavailableException>().Which;
        error.Message.Should().Contain(onnx).And.Contain("cuda:0").And.Contain("Microsoft.ML.OnnxRuntime.Gpu.Linux 1.31.0")
            .And.Contain("CUDA 13").And.Contain("cuDNN 9").And.Contain("580").And.Contain("CPU-only build");
        Directory.Exists(dir.Combine("cache")).Should().BeFalse("nothing was featurized, on the CPU or anywhere");
    }

    [Fact]
    public void A_classifier_loaded_for_cuda_fails_the_same_way()
    {
        using var dir = new TempDir("mlnt-cuda");
        var onnx = ExportedTinyClassifier(dir);

        var load = () => ImageClassifierPool.Load(onnx, ExecutionDevice.Cuda(1));

        load.Should().Throw<ExecutionDeviceUnavailableException>().WithMessage("*cuda:1*Microsoft.ML.OnnxRuntime.Gpu.Linux*");
    }

    [Fact]
    public void The_same_classifier_loads_on_the_cpu()
    {
        using var dir = new TempDir("mlnt-cuda");
        var onnx = ExportedTinyClassifier(dir);

        ImageClassifierPool.Load(onnx, ExecutionDevice.Cpu).Classes.Should().HaveCount(2);
    }

    [Fact]
    public void Only_exported_classifiers_choose_a_device()
    {
        var load = () => ImageClassifierPool.Load("model.zip", ExecutionDevice.Cuda());

        load.Should().Throw<ArgumentException>().WithMessage("*model.onnx*");
    }

    private static string ExportedTinyClassifier(TempDir dir)
    {
        var (backbone, specPath) = TinyBackbone.Write(dir.Path, size: 224);
        var spec = BackboneSpec.Load(specPath);
        var featureCount = TinyBackbone.FeatureCount;
        var onnx = dir.Combine("classifier.onnx");
        File.WriteAllBytes(onnx, BackboneGraphBuilder.BuildClassifier(File.ReadAllBytes(backbone), spec,
            new float[2 * featureCount], new float[2], 2, backbone));
        var preprocessing = new ImagePreprocessing(new MLContext(), 224, 224);
        var description = new ClassifierDescription
        {
            Classes = ["a", "b"],
            Input = new ClassifierDescription.InputDescription
            {
                Height = 224,
                Width = 224,
                MinShortSide = preprocessing.MinShortSide,
                Resize = preprocessing.ResizeDescription,
            },
            Backbone = new ClassifierDescription.BackboneDescription(spec.Name, "0", spec),
        };
        File.WriteAllText(Path.ChangeExtension(onnx, ".json"), description.ToJson());
        return onnx;
    }
}
