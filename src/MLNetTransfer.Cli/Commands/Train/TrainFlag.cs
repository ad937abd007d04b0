using System.CommandLine;
using System.Text.Json;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>
/// One train setting: its flag, whose name in camelCase is also its --config key, its help, and where its value goes
/// in <see cref="TrainSettings"/>. The flag, the config key and the flag-over-file rule all come from this one description.
/// </summary>
internal abstract class TrainFlag(string name)
{
    /// <summary>The flag as typed: "--early-stopping-patience".</summary>
    public string Name { get; } = name;

    /// <summary>The key in a --config file: "earlyStoppingPatience".</summary>
    public string ConfigKey { get; } = ToCamelCase(name);

    public abstract Option Option { get; }

    /// <summary>The value given on the command line, if any, set into <paramref name="settings"/>.</summary>
    public abstract TrainSettings ReadFlag(ParseResult parse, TrainSettings settings);

    /// <summary>The config file's value of this key set into <paramref name="settings"/>.</summary>
    public abstract TrainSettings ReadConfig(JsonElement value, JsonSerializerOptions json, TrainSettings settings);

    /// <summary><paramref name="overrides"/>' value, where it has one, replaces <paramref name="settings"/>' value.</summary>
    public abstract TrainSettings Override(TrainSettings settings, TrainSettings overrides);

    public static TrainFlag Of<T>(string name, string description, Func<TrainSettings, T?> get, Func<TrainSettings, T?, TrainSettings> set) =>
        new Typed<T>(name, description, get, set);

    /// <summary>
    /// A flag that may be given several times (--arch A --arch B); its config key takes one string or a list of them.
    /// Values given on the command line replace the file's whole list.
    /// </summary>
    public static TrainFlag Repeatable(string name, string description, Func<TrainSettings, string[]?> get, Func<TrainSettings, string[], TrainSettings> set) =>
        new Listed(name, description, get, set);

    private static string ToCamelCase(string flag)
    {
        var words = flag.TrimStart('-').Split('-');
        return words[0] + string.Concat(words.Skip(1).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
    }

    private sealed class Typed<T>(string name, string description, Func<TrainSettings, T?> get, Func<TrainSettings, T?, TrainSettings> set)
        : TrainFlag(name)
    {
        private readonly Option<T?> _option = new(name) { Description = description };

        public override Option Option => _option;

        public override TrainSettings ReadFlag(ParseResult parse, TrainSettings settings) =>
            parse.GetValue(_option) is { } value ? set(settings, value) : settings;

        public override TrainSettings ReadConfig(JsonElement value, JsonSerializerOptions json, TrainSettings settings) =>
            set(settings, value.Deserialize<T>(json));

        public override TrainSettings Override(TrainSettings settings, TrainSettings overrides) =>
            get(overrides) is { } value ? set(settings, value) : settings;
    }

    private sealed class Listed(string name, string description, Func<TrainSettings, string[]?> get, Func<TrainSettings, string[], TrainSettings> set)
        : TrainFlag(name)
    {
        private readonly Option<string[]> _option = new(name) { Description = description };

        public override Option Option => _option;

        public override TrainSettings ReadFlag(ParseResult parse, TrainSettings settings) =>
            parse.GetValue(_option) is { Length: > 0 } values ? set(settings, values) : settings;

        public override TrainSettings ReadConfig(JsonElement value, JsonSerializerOptions json, TrainSettings settings) =>
            value.ValueKind == JsonValueKind.Array
                ? set(settings, value.Deserialize<string[]>(json) ?? [])
                : value.Deserialize<string>(json) is { } one ? set(settings, [one]) : settings;

        public override TrainSettings Override(TrainSettings settings, TrainSettings overrides) =>
            get(overrides) is { Length: > 0 } values ? set(settings, values) : settings;
    }
}
