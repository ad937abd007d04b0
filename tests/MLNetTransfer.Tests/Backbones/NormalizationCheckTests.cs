using MLNetTransfer.Backbones;
using MLNetTransfer.Onnx;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Tests.Backbones;

public class NormalizationCheckTests
{
    [Fact]
    public void Only_the_normalization_the_model_knows_puts_the_class_first()
    {
        using var dir = new TempDir("mlnt-normcheck");
        var onnx = TinyImageNet.Write(dir.Path);
        var photos = ReferencePhotos.Load(TinyImageNet.WritePhotos(dir.Combine("photos")));
        var model = OnnxModelInfo.Read(onnx);
        var output = NormalizationCheck.ImageNetOutput(model);
        output!.Name.Should().Be(TinyImageNet.LogitsOutput);
        var spec = new BackboneSpec { Input = "input", Height = 32, Width = 32, Features = TinyImageNet.HiddenTensor };

        var scores = NormalizationCheck.ScoreAll(onnx, spec, output.Name, photos, NormalizationCandidate.All(InputElementType.Float32));

        scores.Should().HaveCount(10);
        scores[0].Label.Should().Be("0..1, RGB");
        scores[0].Top1.Should().Be(4);
        scores[0].IsConvincing.Should().BeTrue();
        scores.Skip(1).Should().AllSatisfy(s => s.Top5.Should().Be(0, s.Label));
        scores.Skip(1).Should().AllSatisfy(s => s.MeanRank.Should().Be(1000, s.Label));
    }

    [Fact]
    public void A_uint8_input_is_only_tried_with_raw_values_in_both_channel_orders() =>
        NormalizationCandidate.All(InputElementType.UInt8).Select(c => c.Label).Should().Equal("raw 0..255, RGB", "raw 0..255, BGR");

    [Fact]
    public void Means_and_stds_follow_the_channel_order()
    {
        var bgr = NormalizationCandidate.All(InputElementType.Float32).Single(c => c.Label == "ImageNet mean/std on 0..1, BGR");
        bgr.Mean.Should().Equal(0.406f, 0.456f, 0.485f);
        bgr.Std.Should().Equal(0.225f, 0.224f, 0.229f);
        NormalizationCandidate.All(InputElementType.Float32).Single(c => c.Label == "Caffe mean subtraction, BGR")
            .Mean.Should().Equal(103.939f, 116.779f, 123.68f);
    }

    [Fact]
    public void A_model_without_a_1000_way_output_has_none_to_check()
    {
        using var dir = new TempDir("mlnt-normcheck");
        var (onnx, _) = TinyBackbone.Write(dir.Path);
        NormalizationCheck.ImageNetOutput(OnnxModelInfo.Read(onnx)).Should().BeNull();
    }

    [Fact]
    public void A_photo_folder_without_its_manifest_is_not_reference_photos_and_a_bad_manifest_is_named()
    {
        using var dir = new TempDir("mlnt-photos");
        ReferencePhotos.TryLoad(dir.Path).Should().BeNull();
        File.WriteAllText(dir.Combine(ReferencePhotos.ManifestFileName), "{ \"imageNetClassIndex\": 1000 }");
        var load = () => ReferencePhotos.Load(dir.Path);
        load.Should().Throw<InvalidDataException>().WithMessage($"*{dir.Combine(ReferencePhotos.ManifestFileName)}*imageNetClassIndex*");
    }

    [Fact]
    public void The_shipped_reference_photos_are_ten_daisies()
    {
        var folder = Path.Combine(SharedData.RepositoryRoot, "assets", "reference-photos");
        var photos = ReferencePhotos.Load(folder);
        photos.ClassIndex.Should().Be(985);
        photos.ClassName.Should().Be("daisy");
        photos.Files.Should().HaveCount(10);
        var attribution = File.ReadAllText(Path.Combine(folder, "ATTRIBUTION.md"));
        foreach (var file in photos.Files.Select(Path.GetFileName))
            attribution.Should().Contain($"| {file} | {file!.Split('_')[0]} |");
    }
}
