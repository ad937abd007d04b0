using System.Text.Json.Nodes;
using MLNetTransfer.Cli.Tests.Support;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Cli.Tests.Commands;

/// <summary>Mistakes in what the user gives are exit 1 or 2 with a message naming the file and field, never "a bug" (3).</summary>
[Collection(TrainedModelCollection.Name)]
public class UserErrorTests(TrainedModelFixture fixture)
{
    [Theory]
    [InlineData("classes", "[\"red\", \"green\", \"blue\", \"extra\"]", "lists 4 classes but")]
    [InlineData("classes", "[\"red\", \"red\", \"blue\"]", "names 'red' more than once")]
    [InlineData("classes", "[\"red\", \"\", \"blue\"]", "has an empty name")]
    [InlineData("format", "\"mlnettransfer-classifier/99\"", "this version reads")]
    [InlineData("input.height", "1000000", "outside 1..8192")]
    public void A_wrong_model_json_is_exit_2_naming_the_file_and_field(string field, string value, string problem)
    {
        using var dir = new TempDir("mlnt-model-json");
        foreach (var file in new[] { "model.onnx", "model.json" })
            File.Copy(Path.Combine(fixture.Output, file), dir.Combine(file));
        var json = JsonNode.Parse(File.ReadAllText(dir.Combine("model.json")))!;
        var path = field.Split('.');
        var parent = path.Length == 1 ? json : json[path[0]]!;
        parent[path[^1]] = JsonNode.Parse(value);
        File.WriteAllText(dir.Combine("model.json"), json.ToJsonString());

        var run = Tool.Run("predict", "--model", dir.Combine("model.onnx"), AnyImage());

        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain(dir.Combine("model.json")).And.Contain($"'{field}'").And.Contain(problem);
        run.Stderr.Should().NotContain("This is a bug");
    }

    [Fact]
    public void Predict_where_no_image_could_be_scored_exits_2()
    {
        using var dir = new TempDir("mlnt-none-scored");
        File.WriteAllText(dir.Combine("a.jpg"), "not an image");
        File.WriteAllBytes(dir.Combine("b.png"), []);

        var run = Tool.Run("predict", "--model", fixture.Output, dir.Combine("a.jpg"), dir.Combine("b.png"));
        var json = Tool.Run("predict", "--model", fixture.Output, "--json", dir.Combine("a.jpg"));

        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain("No image could be scored");
        json.ExitCode.Should().Be(2, json.ToString());
        json.Stdout.Should().Contain("\"error\"");
    }

    [Fact]
    public void A_diverging_learning_rate_is_exit_2_suggesting_a_smaller_one()
    {
        using var dir = new TempDir("mlnt-diverge");

        var run = Tool.Run(fixture.TrainArgs(dir.Combine("out"), "--learning-rate", "1e30"));

        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain("diverged").And.Contain("smaller learning rate");
        File.Exists(dir.Combine("out", "model.zip")).Should().BeFalse();
    }

    [Theory]
    [InlineData("1e-50")]
    [InlineData("1e-35")]
    public void A_learning_rate_that_vanishes_in_32_bit_floats_is_exit_1(string rate)
    {
        using var dir = new TempDir("mlnt-tiny-rate");

        var run = Tool.Run(fixture.TrainArgs(dir.Combine("out"), "--learning-rate", rate));

        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Should().Contain("--learning-rate").And.Contain("32-bit float");
    }

    [Fact]
    public void A_backbone_spec_too_large_to_allocate_is_exit_2_naming_the_field()
    {
        using var dir = new TempDir("mlnt-huge-spec");
        File.Copy(fixture.Backbone, dir.Combine("tiny.onnx"));
        var spec = JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(fixture.Backbone, ".json")))!;
        spec["height"] = 100000;
        spec["width"] = 100000;
        File.WriteAllText(dir.Combine("tiny.json"), spec.ToJsonString());

        var run = Tool.Run(fixture.TrainArgs(dir.Combine("out")).Select(a => a == fixture.Backbone ? dir.Combine("tiny.onnx") : a).ToArray());

        run.ExitCode.Should().Be(2, run.ToString());
        run.Stderr.Should().Contain("'height'").And.Contain("8192");
    }

    private string AnyImage() => Directory.GetFiles(fixture.ValidationFolder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
}
