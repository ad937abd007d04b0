using System.Reflection;
using MLNetTransfer.Cli.App;
using MLNetTransfer.Cli.Commands.Train;
using MLNetTransfer.Tests.Support;

namespace MLNetTransfer.Cli.Tests.Train;

/// <summary>The train settings are described once: one flag per setting, whose camelCase name is its config key.</summary>
public class TrainFlagsTests
{
    [Fact]
    public void Every_setting_has_exactly_one_flag_named_after_it()
    {
        var properties = typeof(TrainSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite).Select(p => char.ToLowerInvariant(p.Name[0]) + p.Name[1..]);

        TrainFlags.All.Select(f => f.ConfigKey).Should().OnlyHaveUniqueItems().And.BeEquivalentTo(properties);
        TrainFlags.All.Should().OnlyContain(f => f.Option.Name == f.Name);
    }

    [Fact]
    public void A_config_file_reads_every_key_and_flags_given_override_only_their_own_setting()
    {
        using var dir = new TempDir("mlnt-cli-flags");
        var config = dir.Combine("run.json");
        File.WriteAllText(config, """
            // Comments and trailing commas are allowed; keys ignore case.
            { "data": "photos", "Epochs": 7, "learningRate": 0.05, "earlyStoppingPatience": 0, "noCache": true, "arch": "MobilenetV2", }
            """);

        var settings = TrainConfigFile.Load(config).OverriddenBy(new TrainSettings { Epochs = 4, Backbone = "my.onnx" });

        settings.Data.Should().Be(dir.Combine("photos"), "paths resolve against the config's folder");
        settings.Epochs.Should().Be(4);
        settings.LearningRate.Should().Be(0.05f);
        settings.EarlyStoppingPatience.Should().Be(0);
        settings.NoCache.Should().BeTrue();
        (settings.Arch, settings.Backbone).Should().Be((null, "my.onnx"), "a backbone chosen on the command line replaces the config's arch");
    }

    [Fact]
    public void A_wrongly_typed_config_value_is_a_usage_error_naming_the_file()
    {
        using var dir = new TempDir("mlnt-cli-flags");
        var config = dir.Combine("run.json");
        File.WriteAllText(config, """{ "epochs": "many" }""");

        var load = () => TrainConfigFile.Load(config);

        load.Should().Throw<UsageException>().WithMessage($"*{config}*");
    }
}
