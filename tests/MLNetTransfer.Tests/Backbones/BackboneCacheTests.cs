using MLNetTransfer.Backbones;

namespace MLNetTransfer.Tests.Backbones;

public class BackboneCacheTests
{
    private static string Resolve(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return BackboneCache.Resolve(name => map.GetValueOrDefault(name));
    }

    [Fact]
    public void The_models_dir_variable_wins()
    {
        var dir = Path.Combine(Path.GetTempPath(), "explicit-models");

        Resolve(("MLNETTRANSFER_MODELS_DIR", dir), ("XDG_CACHE_HOME", "/xdg")).Should().Be(dir);
    }

    [Fact]
    public void XDG_cache_home_comes_next()
    {
        var xdg = Path.Combine(Path.GetTempPath(), "xdg");

        Resolve(("XDG_CACHE_HOME", xdg)).Should().Be(Path.Combine(xdg, "mlnettransfer", "models"));
    }

    [Fact]
    public void A_relative_XDG_cache_home_is_ignored_as_the_spec_says()
    {
        Resolve(("XDG_CACHE_HOME", "relative/dir")).Should().NotContain("relative");
    }

    [Fact]
    public void Otherwise_a_folder_in_the_user_profile()
    {
        var expected = OperatingSystem.IsWindows()
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "mlnettransfer", "models")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "mlnettransfer", "models");

        Resolve().Should().Be(expected);
    }
}
