using System.Reflection;
using Microsoft.CodeAnalysis;
using MLNetTransfer.Cli.Tests.Support;
using MLNetTransfer.Prediction;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Cli.Tests.Commands;

[Collection(TrainedModelCollection.Name)]
public class CodegenTests(TrainedModelFixture fixture)
{
    [Fact]
    public void Generated_code_compiles_and_predicts_what_the_pool_predicts()
    {
        var output = fixture.Dir.Combine("codegen");
        var run = Tool.Run("codegen", "--model", fixture.Output, "--output", output, "--namespace", "Shop.Vision", "--class-name", "Colours");
        run.ExitCode.Should().Be(0, run.ToString());
        File.ReadAllText(Path.Combine(output, "README.md")).Should().Contain("Colours.PredictFile");

        var assembly = Compile(File.ReadAllText(Path.Combine(output, "Colours.cs")));
        var classifier = assembly.GetType("Shop.Vision.Colours")!;
        classifier.GetProperty("ModelPath")!.SetValue(null, fixture.ModelZip);
        var predictFile = classifier.GetMethod("PredictFile")!;
        ((IReadOnlyList<string>)classifier.GetField("GeneratedClassNames")!.GetValue(null)!).Should().Equal("blue", "green", "red");
        ((IReadOnlyList<string>)classifier.GetProperty("ClassNames")!.GetValue(null)!).Should().Equal("blue", "green", "red");

        var pool = ImageClassifierPool.Load(fixture.ModelZip);
        var files = Directory.GetFiles(fixture.ValidationFolder, "*.jpg", SearchOption.AllDirectories).Order().ToArray();
        // From several threads at once, as an app would call it.
        var generated = files.AsParallel().Select(f => predictFile.Invoke(null, [f])!).ToArray();
        for (var i = 0; i < files.Length; i++)
        {
            var expected = pool.PredictFile(files[i]);
            var output_ = generated[i];
            output_.GetType().GetProperty("PredictedLabel")!.GetValue(output_).Should().Be(expected.PredictedLabel, files[i]);
            ((float[])output_.GetType().GetProperty("Score")!.GetValue(output_)!).Should().Equal(expected.Scores);
        }
    }

    [Fact]
    public void The_readme_installs_the_library_at_the_version_that_wrote_the_code()
    {
        var output = fixture.Dir.Combine("codegen-readme");
        var run = Tool.Run("codegen", "--model", fixture.Output, "--output", output);
        run.ExitCode.Should().Be(0, run.ToString());

        var library = typeof(ImageClassifierPool).Assembly.GetName().Version!;
        File.ReadAllText(Path.Combine(output, "README.md"))
            .Should().Contain($"`dotnet add package MLNetTransfer --version {library.Major}.{library.Minor}.{library.Build}`");
    }

    [Fact]
    public void Code_generated_for_other_classes_refuses_the_model_clearly_instead_of_indexing_past_its_list()
    {
        // As if the model had been retrained with a third class after the code was generated for two.
        var source = MLNetTransfer.CodeGeneration.ConsumptionCodeGenerator.Generate(new() { ClassNames = ["blue", "green"], ClassName = "Stale" })
            .Single(f => f.Name == "Stale.cs").Content;
        source.Should().NotContain("RegisterAssembly", "a saved model names the assembly of its custom steps; loading needs no registration");
        var classifier = Compile(source).GetType("ImageClassification.Stale")!;
        classifier.GetProperty("ModelPath")!.SetValue(null, fixture.ModelZip);
        var image = Directory.GetFiles(fixture.ValidationFolder, "*.jpg", SearchOption.AllDirectories)[0];

        var act = () => classifier.GetMethod("PredictFile")!.Invoke(null, [image]);

        var error = act.Should().Throw<TargetInvocationException>().Which.InnerException;
        error.Should().BeOfType<InvalidOperationException>();
        error!.Message.Should().Contain(fixture.ModelZip).And.Contain("3 classes (blue, green, red)")
            .And.Contain("generated for 2 (blue, green)").And.Contain("codegen --force");
    }

    [Fact]
    public void Codegen_keeps_existing_files_unless_forced()
    {
        var output = fixture.Dir.Combine("codegen-twice");
        Tool.Run("codegen", "--model", fixture.Output, "--output", output).ExitCode.Should().Be(0);
        var readme = Path.Combine(output, "README.md");
        File.WriteAllText(readme, "my notes");

        var again = Tool.Run("codegen", "--model", fixture.Output, "--output", output);
        again.ExitCode.Should().Be(2, again.ToString());
        again.Stderr.Should().Contain(readme).And.Contain("--force");
        File.ReadAllText(readme).Should().Be("my notes");

        var forced = Tool.Run("codegen", "--model", fixture.Output, "--output", output, "--force");
        forced.ExitCode.Should().Be(0, forced.ToString());
        File.ReadAllText(readme).Should().Contain("Using the model in your app");
    }

    [Fact]
    public void An_invalid_class_name_is_a_usage_error()
    {
        var run = Tool.Run("codegen", "--model", fixture.Output, "--output", fixture.Dir.Combine("cg-bad"), "--class-name", "my-classifier");
        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Should().Contain("my-classifier");
    }

    internal static Assembly Compile(string source) =>
        InProcessCompiler.Compile(OutputKind.DynamicallyLinkedLibrary, NullableContextOptions.Enable, source);
}
