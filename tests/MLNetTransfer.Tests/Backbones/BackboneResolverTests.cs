using MLNetTransfer.Backbones;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Tests.Backbones;

/// <summary>The one backbone resolver, used by the trainer and the CLI: a request becomes the run's ResolvedBackbone.</summary>
public class BackboneResolverTests
{
    [Fact]
    public void A_local_file_resolves_with_its_sidecar_spec_read_once()
    {
        using var dir = new TempDir("mlnt-resolver");
        var (onnx, _) = TinyBackbone.Write(dir.Path);

        var resolved = BackboneResolver.Resolve(new BackboneRequest { Path = onnx, CatalogName = "ResnetV250" });

        resolved.Path.Should().Be(Path.GetFullPath(onnx));
        resolved.Origin.Should().Be("file", "a given file wins over the catalog name");
        resolved.Bytes.Should().Equal(File.ReadAllBytes(onnx));
        resolved.Spec.Should().BeEquivalentTo(BackboneSpec.Load(BackboneSpec.SidecarPathFor(onnx)));
    }

    [Fact]
    public void Errors_name_the_settings_of_the_caller()
    {
        using var dir = new TempDir("mlnt-resolver");
        var missing = dir.Combine("missing.onnx");
        var flags = new BackboneRequest { Path = missing, PathSetting = "--backbone", CatalogSetting = "--arch" };

        FluentActions.Invoking(() => BackboneResolver.Resolve(flags)).Should().Throw<FileNotFoundException>()
            .WithMessage($"*'{missing}' does not exist*--backbone*--arch*");
        FluentActions.Invoking(() => BackboneResolver.Resolve(new BackboneRequest { CatalogName = "no-such-net" }))
            .Should().Throw<ArgumentException>().WithMessage("Unknown Arch 'no-such-net'. Known: ResNet18, *mobilenet-v2*");
    }

    [Fact]
    public void A_file_without_a_spec_points_to_the_sidecar_it_needs()
    {
        using var dir = new TempDir("mlnt-resolver");
        var (onnx, spec) = TinyBackbone.Write(dir.Path);
        File.Delete(spec);

        FluentActions.Invoking(() => BackboneResolver.Resolve(new BackboneRequest { Path = onnx }))
            .Should().Throw<FileNotFoundException>().WithMessage($"*has no spec*'{spec}'*backbones info*");
    }

    [Theory]
    [InlineData("ResnetV250", "resnet50-v2")]
    [InlineData("mobilenetv2", "mobilenet-v2")]
    [InlineData("ResNet18", "resnet18")]
    public void Catalog_names_and_vision_architectures_find_the_same_entries(string name, string expected)
    {
        BackboneResolver.FindCatalogEntry(name)!.Name.Should().Be(expected);
    }
}
