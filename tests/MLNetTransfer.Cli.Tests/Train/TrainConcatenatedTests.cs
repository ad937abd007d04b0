using MLNetTransfer.Backbones;
using MLNetTransfer.Cli.Output;
using MLNetTransfer.Cli.Commands.Train;
using MLNetTransfer.Cli.Tests.Commands;
using MLNetTransfer.Cli.Tests.Support;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Cli.Tests.Train;

/// <summary>train with a repeated --backbone/--arch: one model over concatenated features, used by evaluate and predict as any other.</summary>
[Collection(TrainedModelCollection.Name)]
public class TrainConcatenatedTests(TrainedModelFixture fixture)
{
    [Fact]
    public void Two_backbones_make_one_model_that_evaluate_and_predict_use_unchanged()
    {
        using var dir = new TempDir("mlnt-cli-concat");
        var (second, _) = TinyBackbone.Write(dir.Combine("second"), name: "tiny_nhwc", size: 96, layout: TensorLayout.NHWC,
            elementType: InputElementType.UInt8, seed: 3);
        var output = dir.Combine("out");
        var cache = dir.Combine("cache");

        var run = Tool.Run("train", "--data", fixture.TrainFolder, "--validation", fixture.ValidationFolder, "--backbone", fixture.Backbone,
            "--backbone", second, "--output", output, "--cache-dir", cache, "--epochs", "15");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Stdout.Should().Contain("Concatenated with: tiny_nhwc");
        Directory.GetDirectories(Path.Combine(cache, "bottlenecks")).Should().HaveCount(2, "each backbone has its own bottleneck cache");
        var description = Tool.ReadJson(Path.Combine(output, "model.json"));
        description.GetProperty("backbone").GetProperty("name").GetString().Should().Be("tiny");
        description.GetProperty("additionalBackbones")[0].GetProperty("name").GetString().Should().Be("tiny_nhwc");
        var metrics = Tool.ReadJson(Path.Combine(output, "metrics.json"));
        metrics.GetProperty("settings").GetProperty("additionalBackbones").GetString().Should().Contain("tiny_nhwc").And.Contain(second);

        var json = dir.Combine("evaluation.json");
        var evaluate = Tool.Run("evaluate", "--model", output, "--data", fixture.ValidationFolder, "--json", json);
        evaluate.ExitCode.Should().Be(0, evaluate.ToString());
        Tool.ReadJson(json).GetProperty("microAccuracy").GetDouble()
            .Should().BeApproximately(metrics.GetProperty("microAccuracy").GetDouble(), 1e-9);
        var image = Directory.GetFiles(fixture.ValidationFolder, "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        foreach (var model in new[] { output, Path.Combine(output, "model.onnx") })
        {
            var predict = Tool.Run("predict", "--model", model, image);
            predict.ExitCode.Should().Be(0, predict.ToString());
            predict.Stdout.Should().Contain(Path.GetFileName(Path.GetDirectoryName(image))!);
        }
    }

    [Fact]
    public void Several_backbones_with_the_torch_engine_is_a_usage_error()
    {
        var run = Tool.Run("train", "--data", fixture.TrainFolder, "--backbone", fixture.Backbone, "--arch", "ResNet18",
            "--output", fixture.Dir.Combine("never"), "--engine", "torch", "--device", "cpu");
        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Should().Contain("--engine torch").And.Contain("concatenate");
    }

    [Theory]
    [InlineData("--views", "2", "--views")]
    [InlineData("--store", "store", "--store")]
    public void Several_backbones_with_views_or_a_feature_store_is_a_usage_error(string flag, string value, string named)
    {
        var run = Tool.Run("train", "--data", fixture.TrainFolder, "--backbone", fixture.Backbone, "--arch", "ResNet18",
            "--output", fixture.Dir.Combine("never"), flag, flag == "--store" ? fixture.Dir.Combine(value) : value);
        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Should().Contain(named).And.Contain("several backbones");
        Directory.Exists(fixture.Dir.Combine("never")).Should().BeFalse();
    }

    [Fact]
    public void Repeated_flags_and_config_lists_name_the_concatenated_backbones_in_order()
    {
        using var dir = new TempDir("mlnt-cli-concat-config");
        var config = dir.Combine("run.json");
        File.WriteAllText(config, """{ "data": "photos", "output": "out", "backbone": ["a.onnx", "b.onnx"], "arch": "MobilenetV2" }""");

        var fromFile = ResolvedTrainSettings.From(TrainConfigFile.Load(config));
        var command = TrainCommand.Create(new Ui(TextWriter.Null, TextWriter.Null, TerminalMode.Plain));
        var parse = command.Parse(["--arch", "ResNet18", "--arch", "MobilenetV2", "--backbone", "c.onnx"]);
        var flags = TrainFlags.All.Aggregate(new TrainSettings(), (settings, flag) => flag.ReadFlag(parse, settings));
        var overridden = ResolvedTrainSettings.From(TrainConfigFile.Load(config).OverriddenBy(flags));

        fromFile.Backbone.Should().Be(dir.Combine("a.onnx"));
        fromFile.AdditionalBackbones.Select(b => b.ToString()).Should().Equal("MobilenetV2", dir.Combine("b.onnx"));
        overridden.Backbone.Should().Be(Path.GetFullPath("c.onnx"), "backbones on the command line replace the config's, all of them");
        overridden.AdditionalBackbones.Select(b => b.ToString()).Should().Equal("ResNet18", "MobilenetV2");
    }

    [SharedFact]
    public void MobileNet_and_the_embedded_ResNet18_concatenated_train_and_evaluate_on_flowers()
    {
        using var dir = new TempDir("mlnt-cli-concat-flowers");
        var train = TestDatasets.Subset(SharedData.FlowersTrain, dir.Combine("train"), perClass: 12);
        var validation = TestDatasets.Subset(SharedData.FlowersVal, dir.Combine("val"), perClass: 6);
        var output = dir.Combine("out");

        var run = Tool.Run("train", "--data", train, "--validation", validation, "--backbone", SharedData.MobileNetV1, "--arch", "ResNet18",
            "--output", output, "--epochs", "40", "--cache-dir", dir.Combine("cache"));

        run.ExitCode.Should().Be(0, run.ToString());
        var description = Tool.ReadJson(Path.Combine(output, "model.json"));
        description.GetProperty("additionalBackbones").GetArrayLength().Should().Be(1);
        var metrics = Tool.ReadJson(Path.Combine(output, "metrics.json"));
        // Five flower classes from 12 photos each: chance is 0.2.
        metrics.GetProperty("microAccuracy").GetDouble().Should().BeGreaterThan(0.6);
        var json = dir.Combine("evaluation.json");
        var evaluate = Tool.Run("evaluate", "--model", Path.Combine(output, "model.onnx"), "--data", validation, "--json", json);
        evaluate.ExitCode.Should().Be(0, evaluate.ToString());
        Tool.ReadJson(json).GetProperty("microAccuracy").GetDouble()
            .Should().BeApproximately(metrics.GetProperty("microAccuracy").GetDouble(), 1e-9, "model.onnx scores as model.zip does");
    }
}
