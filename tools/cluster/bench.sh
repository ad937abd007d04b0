#!/usr/bin/env bash
# Cluster overhead and recovery on this machine, with the built CLI and the private test PostgreSQL:
#   1. one-process featurize --threads T  vs  featurize --cluster with T single-thread workers (T = 1, 2), and for
#      T = 2 the same split into plain processes without the cluster (what the split alone costs here);
#   2. a worker killed with SIGKILL mid-shard: the time until its shard is leased again and the job's extra time.
# Usage: tools/cluster/bench.sh [DATA] [SHARDS]      (build first: dotnet build src/MLNetTransfer.Cli -c Release)
set -euo pipefail
cd "$(dirname "$0")/../.."
data="${1:-$(realpath ../shared/datasets/flowers-dev)}"
shards="${2:-16}"
backbone="$(realpath ../shared/models/mobilenet_v1_0.75_224_keras_imagenet.onnx)"
cli=(dotnet src/MLNetTransfer.Cli/bin/Release/net10.0/MLNetTransfer.Cli.dll)
cs="$(tools/postgres/test-db.sh)"
work="$(mktemp -d)"
pids=()
trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

start_worker() { # cluster-id log
  "${cli[@]}" worker --cluster "$cs" --cluster-id "$1" --threads 1 >"$2" 2>&1 &
  pids+=($!)
  echo $!
}

local_run() { # threads
  local t0; t0=$(now)
  "${cli[@]}" featurize --data "$data" --backbone "$backbone" --store "$work/local-$1" --threads "$1" >"$work/local-$1.log" 2>&1
  echo "one-process featurize --threads $1: $(secs "$t0" "$(now)") s"
}

split_run() { # processes: the same split without the cluster, one plain process per shard, all at once
  local t0 k; t0=$(now)
  for k in $(seq 0 $(($1 - 1))); do
    "${cli[@]}" featurize --data "$data" --backbone "$backbone" --store "$work/split-$1" --shard "$k/$1" --threads 1 \
      >"$work/split-$1-$k.log" 2>&1 &
    pids+=($!)
  done
  wait "${pids[@]}"
  pids=()
  echo "no cluster, $1 plain processes --threads 1, one shard of $1 each, at once: $(secs "$t0" "$(now)") s"
}

cluster_run() { # workers id [shards]
  local id="$2" n="${3:-$shards}" w t0
  for w in $(seq 1 "$1"); do start_worker "$id" "$work/$id-w$w.log" >/dev/null; done
  sleep 5 # the workers join; the client would wait for a gateway anyway
  t0=$(now)
  "${cli[@]}" featurize --data "$data" --backbone "$backbone" --store "$work/$id" --shard "0/$n" --threads 1 \
    --cluster "$cs" --cluster-id "$id" >"$work/$id.log" 2>&1
  echo "cluster, $1 single-thread worker(s), $n shards: $(secs "$t0" "$(now)") s wall (client start to exit); $(grep -o 'complete: [^;]*' "$work/$id.log")"
  # Where the job's time went: the shards' own run time, summed over the workers, against workers x job time.
  local ran job
  ran=$(cat "$work/$id"-w*.log | grep -o 'images in [0-9.]* s' | awk '{ sum += $3 } END { print sum }')
  job=$(grep -o 'bad), [0-9:.]*' "$work/$id.log" | sed 's/bad), //' | awk -F: '{ print NF == 2 ? $1 * 60 + $2 : $1 }')
  awk -v ran="$ran" -v job="$job" -v w="$1" 'BEGIN {
    printf "  shards ran %.1f s in all; job %.1f s x %d worker(s): workers busy with shards %.0f %% of the job\n", ran, job, w, 100 * ran / (w * job) }'
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  pids=()
}

local_run 1
cluster_run 1 "bench1-$$"
cluster_run 1 "bench1b-$$" 4
local_run 2
# What splitting the work across processes costs on this machine by itself, without Orleans.
split_run 2
cluster_run 2 "bench2-$$"
[ "${SKIP_RECOVERY:-}" = 1 ] && exit 0

# Recovery: two workers, 10 s leases; the first worker is killed in the middle of its third shard.
id="recover-$$"
victim=$(start_worker "$id" "$work/$id-w1.log")
start_worker "$id" "$work/$id-w2.log" >/dev/null
sleep 5
t0=$(now)
"${cli[@]}" featurize --data "$data" --backbone "$backbone" --store "$work/$id" --shard "0/$shards" --threads 1 \
  --cluster "$cs" --cluster-id "$id" --lease-timeout 10 >"$work/$id.log" 2>&1 &
client=$!
until [ "$(grep -c 'Accepted' "$work/$id-w1.log" || true)" -ge 2 ] && tail -n 1 "$work/$id-w1.log" | grep -q '(lease '; do sleep 0.2; done
lost=$(tail -n 1 "$work/$id-w1.log" | sed -E 's/.*shard ([0-9]+)\/.*/\1/')
kill -9 "$victim"; killed=$(now)
until grep -q "shard $lost/$shards of" "$work/$id-w2.log"; do sleep 0.2; done
released=$(now)
wait "$client"
echo "recovery: worker killed mid-shard $lost; leased again after $(secs "$killed" "$released") s (lease timeout 10 s);" \
     "job $(secs "$t0" "$(now)") s wall; $(grep -o 'complete: .*' "$work/$id.log")"
