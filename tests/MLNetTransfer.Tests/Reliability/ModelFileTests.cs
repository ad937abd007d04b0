using Microsoft.ML;
using MLNetTransfer.Prediction;
using MLNetTransfer.Tests.Support;
using MLNetTransfer.Tests.Vision;
using MLNetTransfer.Vision;

namespace MLNetTransfer.Tests.Reliability;

public class ModelFileTests(TinyTrainingFixture fixture) : IClassFixture<TinyTrainingFixture>
{
    private (string Zip, string Onnx) SavedModel(TempDir dir)
    {
        var ml = new MLContext(seed: 1);
        var (train, _) = fixture.Load(ml);
        var result = new ImageClassificationTrainer(ml, fixture.Options()).Train(train);
        var zip = dir.Combine("model.zip");
        result.Save(ml, train.Schema, zip);
        var onnx = dir.Combine("model.onnx");
        result.ExportOnnx(onnx);
        return (zip, onnx);
    }

    [Fact]
    public void A_truncated_model_zip_is_refused_with_the_file_named()
    {
        using var dir = new TempDir();
        var (zip, _) = SavedModel(dir);
        var bytes = File.ReadAllBytes(zip);
        File.WriteAllBytes(zip, bytes[..(bytes.Length / 2)]);

        var act = () => ImageClassifierPool.Load(zip);

        act.Should().Throw<InvalidDataException>().WithMessage($"*{zip}*cannot be loaded*");
    }

    [Fact]
    public void A_tampered_model_zip_is_refused_not_half_loaded()
    {
        using var dir = new TempDir();
        var (zip, _) = SavedModel(dir);
        var bytes = File.ReadAllBytes(zip);
        for (var i = bytes.Length / 3; i < bytes.Length / 3 + 256; i++)
            bytes[i] ^= 0x5A;
        File.WriteAllBytes(zip, bytes);

        var act = () => ImageClassifierPool.Load(zip);

        act.Should().Throw<InvalidDataException>().WithMessage($"*{zip}*");
    }

    [Fact]
    public void A_truncated_exported_onnx_is_refused_with_the_file_named()
    {
        using var dir = new TempDir();
        var (_, onnx) = SavedModel(dir);
        var bytes = File.ReadAllBytes(onnx);
        File.WriteAllBytes(onnx, bytes[..(bytes.Length * 2 / 3)]);

        var act = () => MLNetTransfer.Onnx.OnnxModelInfo.Read(onnx);

        act.Should().Throw<InvalidDataException>().WithMessage($"*{onnx}*");
    }
}
