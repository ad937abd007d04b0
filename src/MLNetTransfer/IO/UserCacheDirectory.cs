namespace MLNetTransfer;

/// <summary>
/// The root of everything MLNetTransfer caches for a user (downloaded backbones, bottlenecks):
/// <c>$MLNETTRANSFER_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/mlnettransfer</c>, else <c>~/.cache/mlnettransfer</c>
/// (on Windows, under LocalApplicationData).
/// </summary>
internal static class UserCacheDirectory
{
    public const string Variable = "MLNETTRANSFER_CACHE_DIR";

    public static string Root => Resolve(Environment.GetEnvironmentVariable);

    internal static string Resolve(Func<string, string?> readEnvironment)
    {
        var explicitDir = readEnvironment(Variable);
        if (!string.IsNullOrWhiteSpace(explicitDir))
            return Path.GetFullPath(explicitDir);

        var xdg = readEnvironment("XDG_CACHE_HOME");
        // The XDG spec says a relative value is invalid and must be ignored.
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg))
            return Path.Combine(xdg, "mlnettransfer");

        return OperatingSystem.IsWindows()
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "mlnettransfer")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "mlnettransfer");
    }
}
