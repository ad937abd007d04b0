using System.Text.RegularExpressions;

namespace MLNetTransfer.Cli.Commands.Train;

/// <summary>Checks --device's spelling up front, so a typo is a usage error rather than a failure after loading data.</summary>
public static partial class DeviceFlag
{
    public static bool IsValid(string device) => Pattern().IsMatch(device.Trim());

    [GeneratedRegex("^(cpu|cuda|cuda:[0-9]+)$", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
