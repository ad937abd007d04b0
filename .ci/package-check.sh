#!/usr/bin/env bash
# Installs and uses the packages as a user would. Packs the solution's packages into a folder, then, in an empty
# folder outside the repository whose package sources are that folder and the machine's own NuGet source:
#   the tool installs as a local tool, trains on assets/sample, and its model predicts;
#   the consumption code it writes, the install line of its README, and a console app on the library package build
#   and run (predicting with the tool's model, and training in code).
# Training uses the backbone that ships with the packages, ResNet18 (the tool's default; Arch = ResNet18 in code):
# nothing is downloaded (MLNETTRANSFER_OFFLINE=1).
# MLNETTRANSFER_CHECK_BACKBONE=FILE.onnx (with its spec beside it) trains with that backbone instead.
# Packages of these ids and this version are removed from the machine's NuGet cache before and after, so what runs is
# what was just packed, never an earlier copy.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
started=$SECONDS

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MLNETTRANSFER_OFFLINE=1

work=$(mktemp -d)
feed=$work/packages
user=$work/user
export MLNETTRANSFER_CACHE_DIR=$work/cache
nuget_cache=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: *//')
max_tool_package_bytes=$((100 * 1000 * 1000))

fail() { echo "package check failed: $*" >&2; exit 1; }
# Prints each command as typed (on stderr, so that a redirected output holds only the command's), then runs it.
step() { printf '\n[%s]$ %s\n' "${PWD/#$work/\$WORK}" "$*" >&2; "$@"; }

# The cached copies of the packages in $feed (ids lower-cased as NuGet stores them).
forget_packed() {
  local file name
  for file in "$feed"/*.nupkg; do
    [ -e "$file" ] || continue
    name=$(basename "$file" .nupkg)
    name=${name,,}
    rm -rf "${nuget_cache:?}/${name%."$version"}/$version"
    rmdir --ignore-fail-on-non-empty "$nuget_cache/${name%."$version"}" 2>/dev/null || true
  done
}
cleanup() { [ -n "${version:-}" ] && forget_packed; rm -rf "$work"; }
trap cleanup EXIT

backbone=()
if [ -n "${MLNETTRANSFER_CHECK_BACKBONE:-}" ]; then
  backbone=(--backbone "$MLNETTRANSFER_CHECK_BACKBONE")
fi

echo "== pack (WORK=$work)"
cd "$repo"
step dotnet pack -c Release -o "$feed" -v quiet

library_package=$(find "$feed" -maxdepth 1 -name 'MLNetTransfer.[0-9]*.nupkg' | head -n 1)
[ -n "$library_package" ] || fail "no MLNetTransfer package in $feed"
version=$(basename "$library_package" .nupkg)
version=${version#MLNetTransfer.}
forget_packed

echo
echo "== package sizes (bytes), version $version"
for file in "$feed"/*.nupkg; do
  printf '%12d  %s\n' "$(stat -c %s "$file")" "$(basename "$file")"
done
for id in mlnet-transfer mlnet-transfer.linux-x64 MLNetTransfer.Torch; do
  [ -f "$feed/$id.$version.nupkg" ] || fail "$id.$version.nupkg was not packed"
done
for file in "$feed"/mlnet-transfer.*-*.nupkg; do
  size=$(stat -c %s "$file")
  [ "$size" -le "$max_tool_package_bytes" ] || fail "$(basename "$file") is $size bytes, over $max_tool_package_bytes"
done

mkdir -p "$user"
cd "$user"
# An empty folder's own NuGet config adds only the packed folder: the machine's configured sources still apply.
printf '<?xml version="1.0" encoding="utf-8"?>\n<configuration>\n</configuration>\n' >nuget.config

echo
echo "== the tool, installed for a user (--tool-path: as --global does, in a folder of its own)"
step dotnet tool install mlnet-transfer --tool-path "$work/tools" --add-source "$feed"
step "$work/tools/mlnet-transfer" --help >help.txt
grep 'mlnet-transfer \[command\] \[options\]' help.txt || { cat help.txt; fail "--help does not name the tool mlnet-transfer"; }

echo
echo "== the tool, as a local tool"
step dotnet new tool-manifest
step dotnet tool install mlnet-transfer --add-source "$feed"
step dotnet mlnet-transfer train --data "$repo/assets/sample/train" --validation "$repo/assets/sample/val" \
  --output model "${backbone[@]}"
for file in model.zip model.onnx metrics.json; do
  [ -s "model/$file" ] || fail "train did not write $file"
done
sample_image=$(find "$repo/assets/sample/val" -type f -name '*.png' -o -type f -name '*.jpg' | sort | head -n 1)
step dotnet mlnet-transfer predict --model model "$sample_image"
step dotnet mlnet-transfer codegen --model model --output consumption

echo
echo "== the library, in a console app"
step dotnet nuget add source "$feed" --name mlnettransfer --configfile nuget.config
step dotnet new console --name Consumer --output consumer
cd consumer
# The install line the generated README gives, run as written.
read -r -a add_package < <(grep -o 'dotnet add package MLNetTransfer[^`]*' ../consumption/README.md | head -n 1)
[ ${#add_package[@]} -gt 0 ] || fail "the generated README has no 'dotnet add package MLNetTransfer' line"
step "${add_package[@]}"
cp ../consumption/ImageClassifier.cs ../model/model.zip .
# Step 2 of the generated README: the model is copied beside the app's binaries.
sed -i 's#</Project>#  <ItemGroup>\n    <None Include="model.zip" CopyToOutputDirectory="PreserveNewest" />\n  </ItemGroup>\n</Project>#' Consumer.csproj
cat >Program.cs <<'EOF'
// Uses the MLNetTransfer package as an app would: the code that codegen wrote, the thread-safe pool, and training.
using ImageClassification;
using Microsoft.ML;
using MLNetTransfer.Data;
using MLNetTransfer.Prediction;
using MLNetTransfer.Vision;

var (trainFolder, image) = (args[0], args[1]);

var generated = ImageClassifier.PredictFile(image);
var pool = ImageClassifierPool.Load("model.zip");
var pooled = pool.PredictFile(image);
Console.WriteLine($"tool's model: {pooled.PredictedLabel} ({pooled.Confidence:P1}); generated code: {generated.PredictedLabel}");
if (generated.PredictedLabel != pooled.PredictedLabel)
    throw new InvalidOperationException("the generated code and ImageClassifierPool disagree");

var ml = new MLContext(seed: 1);
var images = ImageFolderDataset.Scan(trainFolder).ToDataView(ml);
var data = ml.Transforms.Conversion.MapValueToKey("LabelAsKey", "Label")
    .Append(ml.Transforms.LoadRawImageBytes("Image", null, "ImagePath"))
    .Fit(images).Transform(images);
var options = new ImageClassificationTrainer.Options { FeatureColumnName = "Image", LabelColumnName = "LabelAsKey", Epoch = 20 };
if (Environment.GetEnvironmentVariable("MLNETTRANSFER_CHECK_BACKBONE") is { Length: > 0 } backbone)
    options.BackbonePath = backbone;
else // The backbone that comes with the package (the library's own default is Vision's downloaded ResnetV250);
     // named by string, so that this program also builds against a version that lacks it and is given a backbone.
    options.Arch = Enum.Parse<ImageClassificationTrainer.Architecture>("ResNet18");
var model = ml.MulticlassClassification.Trainers.ImageClassification(options)
    .Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
    .Fit(data);
ml.Model.Save(model, data.Schema, "trained-in-code.zip");
var trained = ImageClassifierPool.Load("trained-in-code.zip").PredictFile(image);
Console.WriteLine($"trained in code: {trained.PredictedLabel} ({trained.Confidence:P1})");
EOF
step dotnet build -c Release -v quiet
[ -s bin/Release/net10.0/DnnImageModels/ResNet18Onnx/ResNet18.onnx ] ||
  fail "ResNet18.onnx did not reach the app's output (DnnImageModels/ResNet18Onnx)"
step dotnet run -c Release --no-build -- "$repo/assets/sample/train" "$sample_image"

echo
echo "package check passed in $((SECONDS - started)) s"
