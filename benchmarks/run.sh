#!/usr/bin/env bash
# The standard benchmark set: builds the server and benchmark jars, runs each workload against a
# fresh server JVM on loopback, and prints one summary table. Bounded: each put run is a 5 s warm-up
# plus at most BENCH_SECONDS (default 20) measured, each get-records run a 1,000,000-record backlog;
# each fan-out run a 20 s latency phase and a 200,000-record backlog; the whole set takes about
# 13 minutes on 2 cores. Results: benchmarks/target/results/*.json.
#
# Usage: benchmarks/run.sh [flags added to every run, e.g. --encoding json]
set -euo pipefail

cd "$(dirname "$0")/.."
seconds="${BENCH_SECONDS:-20}"
results=benchmarks/target/results
jar=benchmarks/target/benchmarks.jar

echo "Building the server and benchmark jars..."
mvn -q -B package -DskipTests

rm -rf "$results"
mkdir -p "$results"

failed=0
run() {
    echo
    echo "=== $* ==="
    if ! java -cp "$jar" io.tributary.bench.LoadGenerator "$@"; then
        failed=1
    fi
}

run --workload put-records --durability fsync    --seconds "$seconds" "$@"
run --workload put-records --durability interval --seconds "$seconds" "$@"
run --workload put-records --durability memory   --seconds "$seconds" "$@"
run --workload put-record  --durability fsync    --seconds "$seconds" "$@"
run --workload put-record  --durability memory   --seconds "$seconds" "$@"
run --workload get-records --durability fsync    --records 1000000 "$@"
run --workload get-records --durability memory   --records 1000000 "$@"
# Encryption at rest: the same durable runs on a stream encrypted with alias/aws/kinesis (memory
# mode keeps records in plaintext, so it has nothing to compare).
run --workload put-records --durability fsync    --seconds "$seconds" --encryption kms "$@"
run --workload put-records --durability interval --seconds "$seconds" --encryption kms "$@"
run --workload get-records --durability fsync    --records 1000000 --encryption kms "$@"
# Server memory with 100 shards (the target is an RSS of at most 512 MiB).
run --workload put-records --durability fsync    --seconds "$seconds" --shards 100 \
    --out "$results/put-records-fsync-100-shards.json" "$@"
# Enhanced fan-out: 20 SDK consumers on every shard; push latency at 1,000 records/s, then a backlog
# pushed at Kinesis's pace (2 MiB/s per subscription) and with the pace raised out of the way.
run --workload fan-out --durability fsync "$@"
run --workload fan-out --durability memory "$@"
run --workload fan-out --durability fsync --fan-out-bytes-per-second 1073741824 \
    --out "$results/fan-out-fsync-raised.json" "$@"
run --workload fan-out --durability memory --fan-out-bytes-per-second 1073741824 \
    --out "$results/fan-out-memory-raised.json" "$@"

echo
echo "=== Summary ($(nproc) cores; client and server share them) ==="
java -cp "$jar" io.tributary.bench.Summary "$results"
exit "$failed"
