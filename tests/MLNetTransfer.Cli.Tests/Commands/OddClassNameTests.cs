using MLNetTransfer.Cli.Tests.Support;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Cli.Tests.Commands;

/// <summary>Class names that are legal folder names but unsafe in HTML, JSON, C# or shells.</summary>
[Collection(TrainedModelCollection.Name)]
public class OddClassNameTests(TrainedModelFixture fixture)
{
    private static readonly string[] OddNames = ["a&b <i>x<i>", "quote\"s \\back\\", "tab\tand 'apostrophe'"];

    [Fact]
    public void Odd_class_names_survive_training_metrics_report_and_generated_code()
    {
        using var dir = new TempDir("mlnt-cli-odd");
        var data = dir.Combine("data");
        var sources = Directory.GetDirectories(fixture.TrainFolder).Order().ToArray();
        for (var c = 0; c < OddNames.Length; c++)
        {
            var target = Directory.CreateDirectory(Path.Combine(data, OddNames[c])).FullName;
            foreach (var file in Directory.GetFiles(sources[c]))
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
        var output = dir.Combine("out");

        var train = Tool.Run("train", "--data", data, "--validation-fraction", "0.2", "--backbone", fixture.Backbone,
            "--output", output, "--epochs", "10", "--cache-dir", dir.Combine("cache"));
        var codegen = Tool.Run("codegen", "--model", output, "--output", dir.Combine("code"), "--class-name", "Odd");

        train.ExitCode.Should().Be(0, train.ToString());
        codegen.ExitCode.Should().Be(0, codegen.ToString());
        var classes = Tool.ReadJson(Path.Combine(output, "metrics.json")).GetProperty("perClass").EnumerateArray()
            .Select(c => c.GetProperty("class").GetString()).ToArray();
        classes.Should().Equal(OddNames.Order(StringComparer.Ordinal));
        var html = File.ReadAllText(Path.Combine(output, "report.html"));
        html.Should().Contain("a&amp;b &lt;i&gt;x&lt;i&gt;").And.NotContain("<i>x<i>");
        var assembly = CodegenTests.Compile(File.ReadAllText(Path.Combine(dir.Combine("code"), "Odd.cs")));
        var type = assembly.GetTypes().Single(t => t.Name == "Odd");
        ((IReadOnlyList<string>)type.GetField("GeneratedClassNames")!.GetValue(null)!).Should().Equal(classes);
    }
}
