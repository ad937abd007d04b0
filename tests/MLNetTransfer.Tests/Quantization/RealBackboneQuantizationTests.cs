using MLNetTransfer.Backbones;
using MLNetTransfer.Onnx;
using MLNetTransfer.Quantization;
using MLNetTransfer.Tests.Onnx;
using MLNetTransfer.Tests.Support;
using Xunit.Abstractions;

namespace MLNetTransfer.Tests.Quantization;

/// <summary>The int8 backbones of real networks compute nearly the features of the float ones, on real photos.</summary>
public sealed class RealBackboneQuantizationTests(ITestOutputHelper output)
{
    [SharedFact]
    public void MobileNet_int8_features_stay_close_to_float_on_flowers_photos() =>
        CheckClose(File.ReadAllBytes(SharedData.MobileNetV1), QuantizationPhotos.MobileNetSpec, SharedData.MobileNetV1);

    [SharedFact]
    public void ResNet18_int8_features_stay_close_to_float_on_flowers_photos()
    {
        var path = PackagedModels.Locate(BackboneCatalog.ResNet18);
        CheckClose(File.ReadAllBytes(path), BackboneCatalog.ResNet18.Spec, path);
    }

    private void CheckClose(byte[] backbone, BackboneSpec spec, string source)
    {
        var (calibration, calibrationCount) = QuantizationPhotos.Read(spec, SharedData.FlowersTrain, perClass: 8);
        var prepared = BackboneQuantizer.Prepare(backbone, spec, source);
        var quantized = BackboneQuantizer.Quantize(prepared, spec, calibration, calibrationCount, new QuantizationSettings(), source);

        var (pixels, count) = QuantizationPhotos.Read(spec, SharedData.FlowersVal, perClass: 4);
        var floatFeatures = Features(backbone, spec, pixels, count, source);
        var intFeatures = Features(quantized, spec, pixels, count, source);
        var cosines = Enumerable.Range(0, count).Select(i => QuantizationPhotos.Cosine(floatFeatures.Row(i), intFeatures.Row(i))).ToArray();
        output.WriteLine($"{source}: cosine min {cosines.Min():F4}, mean {cosines.Average():F4} over {count} photos");
        // Measured: MobileNet v1 (ReLU6 everywhere, depthwise convs) mean 0.988, ResNet18 mean 0.999.
        cosines.Average().Should().BeGreaterThan(0.98f);
        cosines.Min().Should().BeGreaterThan(0.95f);
    }

    private static Tensor Features(byte[] backbone, BackboneSpec spec, float[] pixels, int count, string source)
    {
        var extractor = BackboneGraphBuilder.BuildFeatureExtractor(backbone, spec, source);
        var rows = new List<float>();
        long[] shape = [1, 3, spec.Height, spec.Width];
        var pixelCount = 3 * spec.Height * spec.Width;
        Tensor? last = null;
        for (var i = 0; i < count; i++)
        {
            last = OrtRunner.Run(extractor, BackboneGraphBuilder.PixelsInput, pixels.AsSpan(i * pixelCount, pixelCount).ToArray(), shape,
                BackboneGraphBuilder.FeaturesOutput)[BackboneGraphBuilder.FeaturesOutput];
            rows.AddRange(last.Data);
        }

        return new Tensor([.. rows], [count, last!.Data.Length]);
    }
}
