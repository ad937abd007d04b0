using System.Security.Cryptography;
using MLNetTransfer.Backbones;
using MLNetTransfer.Cli.App;
using MLNetTransfer.Cli.Commands.Train;
using MLNetTransfer.Cli.Output;
using MLNetTransfer.Cli.Tests.Support;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Cli.Tests.Commands;

/// <summary>How the tool fetches, imports and chooses backbones, and what it tells the user while doing so.</summary>
public class BackboneFetchTests
{
    [Fact]
    public void Importing_a_good_file_caches_it_and_warns_when_the_weights_are_unverified()
    {
        using var dir = new TempDir("mlnt-cli-import");
        var bytes = new byte[8192];
        new Random(11).NextBytes(bytes);
        var file = dir.Combine("obtained-elsewhere.onnx");
        File.WriteAllBytes(file, bytes);
        // A stand-in entry: the real ones need their real bytes. Its address is never asked.
        var entry = new CatalogBackbone("stand-in", [], "stand-in.onnx", new Uri("http://127.0.0.1:9/stand-in.onnx"),
            bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)),
            new BackboneSpec { Name = "stand-in", Input = "data", Height = 8, Width = 8, Features = "pool" }, "stand-in")
        {
            UnverifiedWeightsReason = "made for this test",
        };
        var stdout = new StringWriter();
        var stderr = new StringWriter();

        var path = BackboneFetch.Import(entry, file, new BackboneDownloadOptions { CacheDirectory = dir.Combine("cache") },
            new Ui(stdout, stderr, TerminalMode.Plain));

        path.Should().Be(Path.Combine(dir.Combine("cache"), "stand-in.onnx"));
        File.ReadAllBytes(path).Should().Equal(bytes);
        stderr.ToString().Should().Contain("warning: backbone 'stand-in' is not known to hold ImageNet-pretrained weights: made for this test");
    }

    [Fact]
    public void Training_on_Inception_v3_warns_that_its_weights_are_unverified()
    {
        using var dir = new TempDir("mlnt-cli-inception");
        var train = TestDatasets.ColourClasses(dir.Combine("train"), perClass: 2, seed: 1);

        // Offline with an empty cache: the run stops at the download, after the warning.
        var run = Tool.Run("train", "--data", train, "--arch", "InceptionV3", "--offline", "--cache-dir", dir.Combine("cache"),
            "--output", dir.Combine("out"));

        run.ExitCode.Should().Be(ExitCodes.BadInput, run.ToString());
        run.Stderr.Should().Contain("warning: backbone 'inception-v3' is not known to hold ImageNet-pretrained weights");
    }

    [Fact]
    public void A_missing_backbone_file_points_to_the_catalog()
    {
        using var dir = new TempDir("mlnt-cli-nobackbone");
        var train = TestDatasets.ColourClasses(dir.Combine("train"), perClass: 2, seed: 1);
        var missing = dir.Combine("mobilenet.onnx");

        var run = Tool.Run("train", "--data", train, "--backbone", missing, "--output", dir.Combine("out"));

        run.ExitCode.Should().Be(ExitCodes.BadInput, run.ToString());
        run.Stderr.Should().Contain(missing).And.Contain("--arch").And.Contain("mlnet-transfer backbones list");
    }
}
