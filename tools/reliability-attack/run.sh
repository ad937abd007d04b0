#!/usr/bin/env bash
# Trains on a copy of flowers-dev/train with bad, special and huge files added (the attack set), and on the photos
# alone, measuring each run's wall time and peak resident memory with /usr/bin/time -v. Every run must exit 0 and
# list each bad file as skipped in metrics.json.
#
# usage (from anywhere): tools/reliability-attack/run.sh [WORK_FOLDER]
# needs: ../shared beside the repository (or MLNETTRANSFER_SHARED), python3, /usr/bin/time (apt-get install time),
# a built CLI (src/MLNetTransfer.Cli, Release; built here when missing). KEEP=1 keeps the work folder.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
shared=${MLNETTRANSFER_SHARED:-$repo/../shared}
flowers=$shared/datasets/flowers-dev
work=${1:-$(mktemp -d "${TMPDIR:-/tmp}/reliability-attack.XXXXXX")}
cli=$repo/src/MLNetTransfer.Cli/bin/Release/net10.0/MLNetTransfer.Cli.dll
make=(python3 "$repo/tools/reliability-attack/make_files.py")
epochs=${EPOCHS:-5}

[ -d "$flowers/train" ] || { echo "no photos at $flowers (set MLNETTRANSFER_SHARED)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
[ -f "$cli" ] || dotnet build "$repo/src/MLNetTransfer.Cli" -c Release

mkdir -p "$work"
rm -rf "$work/photos" "$work/attack" "$work/val"
cp -r "$flowers/train" "$work/photos"
cp -r "$flowers/val" "$work/val"
cp -r "$flowers/train" "$work/attack"
a=$work/attack
roses=("$a"/roses/*.jpg)
tulips=("$a"/tulips/*.jpg)
sample=${roses[0]}

# Special files: never to be opened for reading (a FIFO would block, a device reads for ever).
mkfifo "$a/daisy/fifo.jpg"
"${make[@]}" socket "$a/daisy/socket.jpg"
ln -s /dev/zero "$a/roses/zero.jpg"
ln -s /dev/urandom "$a/dandelion/urandom.jpg"
# A sparse 5 GB file named .jpg: above the size cap, costs nothing if not read.
truncate -s 5G "$a/tulips/big.jpg"
# Headers that claim far more pixels than their bytes can hold.
"${make[@]}" lying-png "$a/sunflowers/lying.png" 9000 9000
"${make[@]}" lying-jpeg "$a/sunflowers/lying.jpg" "$sample" 20000 20000
# Photos cut short, plain and closed with an end-of-image marker.
"${make[@]}" cut "$a/roses/cut-50.jpg" "$sample" 0.5
"${make[@]}" cut-eoi "$a/roses/cut-eoi-50.jpg" "$sample" 0.5
"${make[@]}" cut-eoi "$a/tulips/cut-eoi-25.jpg" "${tulips[0]}" 0.25
# Huge but honest images: a 400-megapixel JPEG (decoded at 1/8 scale), four different 99-megapixel PNGs side by side
# in one class, so that decode threads meet them at once (PNG cannot be decoded at a reduced scale: 396 MB of pixels
# each), and a 400-megapixel PNG (above the 100-megapixel limit).
"${make[@]}" jpeg "$a/daisy/huge-20000x20000.jpg" 20000 20000
for n in 1 2 3 4; do
  "${make[@]}" png "$a/tulips/huge-9950x9950-$n.png" 9950 9950 "$n"
done
"${make[@]}" png "$a/roses/huge-20000x20000.png" 20000 20000

run() { # name data threads
  local name=$1 data=$2 threads=$3
  local out=$work/out-$name
  rm -rf "$out" "$work/cache-$name"
  set +e
  timeout 1800 /usr/bin/time -v -o "$work/time-$name.txt" dotnet "$cli" train --data "$data" --validation "$work/val" \
    --output "$out" --cache-dir "$work/cache-$name" --epochs "$epochs" --threads "$threads" > "$work/log-$name.txt" 2>&1
  local code=$?
  set -e
  local wall rss skipped
  wall=$(grep 'Elapsed (wall clock)' "$work/time-$name.txt" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$work/time-$name.txt" | awk '{print $NF}')
  skipped=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["skipped"]))' "$out/metrics.json" 2>/dev/null || echo "-")
  printf '| %s | %s | %s | %s | %s KB | %s |\n' "$name" "$threads" "$code" "$wall" "$rss" "$skipped" | tee -a "$work/summary.md"
}

echo "| Run | --threads | Exit | Wall time | Peak RSS | Skipped |" | tee "$work/summary.md"
echo "|---|---|---|---|---|---|" | tee -a "$work/summary.md"
# RUNS picks runs by name, e.g. RUNS="attack-t1 attack-t4".
for name in ${RUNS:-photos-t4 attack-t1 attack-t4}; do
  case $name in
    photos-t*) run "$name" "$work/photos" "${name#photos-t}" ;;
    attack-t*) run "$name" "$a" "${name#attack-t}" ;;
  esac
done

echo
echo "Skipped in the attack run (metrics.json):"
python3 -c '
import json, sys
for s in json.load(open(sys.argv[1]))["skipped"]:
    print("  " + json.dumps(s, ensure_ascii=False))
' "$work/out-attack-t4/metrics.json" | tee -a "$work/summary.md"
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {print $2 " kB"}' /proc/meminfo), $(uname -sr)" | tee -a "$work/summary.md"

if [ "${KEEP:-0}" != 1 ]; then
  # The FIFO and the socket need no care; the sparse file and the huge images are removed with the rest.
  rm -rf "$work/photos" "$work/attack" "$work/val" "$work"/cache-* "$work"/out-*
fi
echo "Logs and timings: $work"
