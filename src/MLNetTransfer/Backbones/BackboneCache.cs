namespace MLNetTransfer.Backbones;

/// <summary>Where downloaded backbones are kept between runs.</summary>
public static class BackboneCache
{
    /// <summary>Environment variable that names the cache folder outright.</summary>
    public const string DirectoryVariable = "MLNETTRANSFER_MODELS_DIR";

    /// <summary>
    /// <c>$MLNETTRANSFER_MODELS_DIR</c>, else <c>$XDG_CACHE_HOME/mlnettransfer/models</c>, else
    /// <c>~/.cache/mlnettransfer/models</c> (on Windows, under LocalApplicationData).
    /// </summary>
    public static string DefaultDirectory => Resolve(Environment.GetEnvironmentVariable);

    internal static string Resolve(Func<string, string?> readEnvironment)
    {
        var explicitDir = readEnvironment(DirectoryVariable);
        if (!string.IsNullOrWhiteSpace(explicitDir))
            return Path.GetFullPath(explicitDir);

        var xdg = readEnvironment("XDG_CACHE_HOME");
        // The XDG spec says a relative value is invalid and must be ignored.
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg))
            return Path.Combine(xdg, "mlnettransfer", "models");

        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "mlnettransfer", "models");

        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "mlnettransfer", "models");
    }
}
