using System.Text.RegularExpressions;
using MLNetTransfer.Featurization;
using MLNetTransfer.Backbones;

namespace MLNetTransfer.Tests.Backbones;

public class BackboneCatalogTests
{
    public static TheoryData<string> Names() => new(BackboneCatalog.All.Select(b => b.Name));

    public static TheoryData<string> DownloadedNames() => new(BackboneCatalog.All.Where(b => !b.IsPackaged).Select(b => b.Name));

    [Fact]
    public void Holds_the_embedded_ResNet18_and_the_four_standard_backbones()
    {
        BackboneCatalog.All.Select(b => b.Name).Should()
            .BeEquivalentTo("resnet18", "resnet50-v2", "resnet101-v2", "mobilenet-v2", "inception-v3");
        BackboneCatalog.All.Where(b => b.IsPackaged).Should().Equal(BackboneCatalog.ResNet18);
    }

    [Theory]
    [MemberData(nameof(DownloadedNames))]
    public void Every_downloaded_entry_pins_exact_bytes_at_an_https_address(string name)
    {
        var backbone = BackboneCatalog.Get(name);

        backbone.Sha256.Should().MatchRegex("^[0-9a-f]{64}$");
        backbone.SizeBytes.Should().BePositive();
        backbone.SourcesWith(null).Should().NotBeEmpty().And.OnlyContain(
            u => u.Scheme == Uri.UriSchemeHttps && u.AbsolutePath.EndsWith("/" + backbone.FileName));
        backbone.FileName.Should().EndWith(".onnx").And.Be(Path.GetFileName(backbone.FileName));
        backbone.Description.Should().NotBeNullOrWhiteSpace();
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_entry_has_a_valid_spec(string name)
    {
        var spec = BackboneCatalog.Get(name).Spec;

        spec.Invoking(s => s.Validate(name)).Should().NotThrow();
        // Round-trips through the sidecar format the downloader writes.
        BottleneckCacheKey.Spec(BackboneSpec.Parse(spec.ToJson())).Should().Be(BottleneckCacheKey.Spec(spec));
    }

    [Fact]
    public void Entries_do_not_share_mutable_normalization_arrays()
    {
        var arrays = BackboneCatalog.All.SelectMany(b => new[] { b.Spec.Mean, b.Spec.Std }).ToList();

        arrays.Distinct(ReferenceEqualityComparer.Instance).Should().HaveCount(arrays.Count);
    }

    [Fact]
    public void The_packaged_entry_pins_its_bytes_and_has_no_download_source()
    {
        var entry = BackboneCatalog.ResNet18;

        entry.Sha256.Should().MatchRegex("^[0-9a-f]{64}$");
        entry.PackagedPath.Should().EndWith("/" + entry.FileName);
        entry.SourcesWith(new Uri("https://mirror.example/models/")).Should().BeEmpty();
    }

    [Fact]
    public void Names_and_aliases_are_unique_ignoring_case()
    {
        var all = BackboneCatalog.All.SelectMany(b => b.AllNames).ToList();

        all.Should().OnlyHaveUniqueItems(n => n.ToLowerInvariant());
        BackboneCatalog.All.Select(b => b.FileName).Should().OnlyHaveUniqueItems();
    }

    [Theory]
    [InlineData("RESNET50", "resnet50-v2")]
    [InlineData(" resnet101-v2-7 ", "resnet101-v2")]
    [InlineData("MobileNetV2", "mobilenet-v2")]
    [InlineData("Inception_V3", "inception-v3")]
    public void Finds_by_name_or_alias_ignoring_case(string query, string expected)
    {
        BackboneCatalog.Find(query)!.Name.Should().Be(expected);
    }

    [Fact]
    public void An_unknown_name_is_null_from_Find_and_an_error_listing_the_names_from_Get()
    {
        BackboneCatalog.Find("vgg16").Should().BeNull();

        var act = () => BackboneCatalog.Get("vgg16");

        act.Should().Throw<ArgumentException>()
            .WithMessage("*vgg16*resnet50-v2*resnet101-v2*mobilenet-v2*inception-v3*");
    }

    [Theory]
    [InlineData("ResnetV250", "resnet50-v2")]
    [InlineData("resnetv2101", "resnet101-v2")]
    [InlineData("MOBILENETV2", "mobilenet-v2")]
    [InlineData("InceptionV3", "inception-v3")]
    public void Maps_Microsoft_ML_Vision_architecture_names(string architecture, string expected)
    {
        BackboneCatalog.ForArchitecture(architecture).Name.Should().Be(expected);
    }

    [Fact]
    public void An_unknown_architecture_is_an_error_listing_the_known_ones()
    {
        var act = () => BackboneCatalog.ForArchitecture("ResnetV2152");

        act.Should().Throw<ArgumentException>().WithMessage("*ResnetV2152*ResnetV250*InceptionV3*");
    }

    [Fact]
    public void Inception_takes_299_pixels_and_the_others_224()
    {
        BackboneCatalog.InceptionV3.Spec.Height.Should().Be(299);
        BackboneCatalog.All.Where(b => b != BackboneCatalog.InceptionV3)
            .Should().OnlyContain(b => b.Spec.Height == 224 && b.Spec.Width == 224);
    }

    [Fact]
    public void Zoo_models_use_ImageNet_statistics_on_unit_pixels()
    {
        foreach (var backbone in new[] { BackboneCatalog.ResNet50V2, BackboneCatalog.ResNet101V2, BackboneCatalog.MobileNetV2 })
        {
            backbone.Spec.Scale.Should().BeApproximately(1f / 255f, 1e-9f);
            backbone.Spec.Mean.Should().Equal(0.485f, 0.456f, 0.406f);
            backbone.Spec.Std.Should().Equal(0.229f, 0.224f, 0.225f);
            Regex.IsMatch(backbone.Spec.Features, "pool").Should().BeTrue(backbone.Name + " features are the pooled tensor");
        }
    }
}

public class BackboneCatalogSourcesTests
{
    [Theory]
    [MemberData(nameof(BackboneCatalogTests.DownloadedNames), MemberType = typeof(BackboneCatalogTests))]
    public void Zoo_files_come_from_the_zoo_copy_on_Hugging_Face_first_then_the_GitHub_address(string name)
    {
        var backbone = BackboneCatalog.Get(name);
        const string GitHub = "https://github.com/onnx/models/raw/main/";
        const string HuggingFace = "https://huggingface.co/onnxmodelzoo/legacy_models/resolve/main/";

        var sources = backbone.SourcesWith(null).Select(u => u.AbsoluteUri).ToList();

        sources.Should().HaveCount(2);
        sources[1].Should().Be(backbone.Url.AbsoluteUri).And.StartWith(GitHub);
        // The Hugging Face copy keeps the zoo's own path.
        sources[0].Should().Be(HuggingFace + sources[1][GitHub.Length..]);
    }

    [Fact]
    public void A_mirror_comes_first_by_file_name()
    {
        var backbone = BackboneCatalog.MobileNetV2;

        var sources = backbone.SourcesWith(new Uri("http://models.internal/onnx")).Select(u => u.AbsoluteUri);

        sources.Should().Equal(
            "http://models.internal/onnx/mobilenetv2-7.onnx",
            "https://huggingface.co/onnxmodelzoo/legacy_models/resolve/main/validated/vision/classification/mobilenet/model/mobilenetv2-7.onnx",
            "https://github.com/onnx/models/raw/main/validated/vision/classification/mobilenet/model/mobilenetv2-7.onnx");
    }

    [Fact]
    public void Only_Inception_v3_is_not_known_to_be_pretrained_and_says_why()
    {
        BackboneCatalog.All.Where(b => !b.WeightsVerified).Should().Equal(BackboneCatalog.InceptionV3);
        BackboneCatalog.InceptionV3.UnverifiedWeightsReason.Should().Contain("pretrained").And.NotContain("\n");
    }
}
