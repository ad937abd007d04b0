#!/usr/bin/env bash
# Runs the TorchSharp engine's tests on a Debian 12 machine, on the CPU, where TorchSharp does not load as shipped:
# its shim wants GLIBCXX_3.4.32 (GCC 13) for one symbol. This script (1) restores the libtorch-cpu NuGet package into
# a cache folder outside the repository (the projects never reference it), (2) copies the shim with that one version
# need relaxed (relax_glibcxx.py) and builds ios_init.cpp to supply the symbol, (3) runs the tests with both in place.
# Nothing it makes is committed. Usage: tools/torch-local/run-tests.sh [--setup-only | extra dotnet test args]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cache="${MLNT_TORCH_LOCAL:-$HOME/.cache/mlnettransfer-torch-local}"
libtorch_version=2.10.0
mkdir -p "$cache"

native="$cache/packages/libtorch-cpu-linux-x64/$libtorch_version/runtimes/linux-x64/native"
if [ ! -f "$native/libtorch_cpu.so" ]; then
  mkdir -p "$cache/restore"
  cat > "$cache/restore/restore.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
  <ItemGroup><PackageReference Include="libtorch-cpu-linux-x64" Version="$libtorch_version" /></ItemGroup>
</Project>
PROJ
  dotnet restore "$cache/restore/restore.csproj" --packages "$cache/packages"
fi

shim_source="$(ls "$HOME"/.nuget/packages/torchsharp/0.107.0/runtimes/linux-x64/native/libLibTorchSharp.so)"
python3 "$here/relax_glibcxx.py" "$shim_source" "$cache/libLibTorchSharp.so"
g++ -shared -fPIC -O2 -o "$cache/libios_init.so" "$here/ios_init.cpp"

# --setup-only: stop here, so a caller can tell "libtorch cannot be set up on this machine" from "a test failed".
if [ "${1:-}" = "--setup-only" ]; then
  exit 0
fi

project="$repo/tests/MLNetTransfer.Torch.Tests"
dotnet build "$project" -c Release
find "$project/bin/Release" -name libLibTorchSharp.so -exec cp "$cache/libLibTorchSharp.so" {} \;
LD_PRELOAD="$cache/libios_init.so" LD_LIBRARY_PATH="$native" dotnet test "$project" -c Release --no-build "$@"
