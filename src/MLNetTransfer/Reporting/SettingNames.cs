using System.Text;

namespace MLNetTransfer.Reporting;

/// <summary>Turns the camelCase keys of settings and timings into words a reader expects: "learningRate" → "Learning rate".</summary>
internal static class SettingNames
{
    // Words that are not plain lower case in prose.
    private static readonly Dictionary<string, string> Spelled = new(StringComparer.OrdinalIgnoreCase)
    {
        ["sha256"] = "SHA-256",
        ["jpeg"] = "JPEG",
        ["onnx"] = "ONNX",
        ["dir"] = "folder",
        ["arch"] = "architecture",
        ["url"] = "URL",
        ["gpu"] = "GPU",
        ["cpu"] = "CPU",
    };

    /// <summary>"learningRate" → "Learning rate", "backboneSha256" → "Backbone SHA-256"; words already spaced are kept.</summary>
    public static string Words(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var words = Split(key).Select(w => Spelled.TryGetValue(w, out var spelled) ? spelled : w.ToLowerInvariant()).ToList();
        if (words.Count == 0)
            return key;
        var first = words[0];
        words[0] = char.ToUpperInvariant(first[0]) + first[1..];
        return string.Join(' ', words);
    }

    /// <summary>A timing key in words: "featurizeSeconds" → "Featurize time", "totalSeconds" → "Total time".</summary>
    public static string Timing(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var stem = key.EndsWith("Seconds", StringComparison.Ordinal) ? key[..^"Seconds".Length] : key;
        return Words(stem) + " time";
    }

    private static IEnumerable<string> Split(string key)
    {
        var word = new StringBuilder();
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (c is ' ' or '_' or '-')
            {
                if (word.Length > 0)
                    yield return word.ToString();
                word.Clear();
                continue;
            }
            // A capital starts a word, except inside a run of capitals ("JPEGDecoder" splits as "JPEG", "Decoder").
            if (char.IsUpper(c) && word.Length > 0 && !(char.IsUpper(key[i - 1]) && (i + 1 >= key.Length || !char.IsLower(key[i + 1]))))
            {
                yield return word.ToString();
                word.Clear();
            }
            word.Append(c);
        }
        if (word.Length > 0)
            yield return word.ToString();
    }
}
