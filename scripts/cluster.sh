#!/usr/bin/env bash
# Starts a three-node Tributary cluster on this machine (cluster mode, see README "Cluster mode"):
# Kinesis API on 127.0.0.1:4567, 4568 and 4569, Raft on 9701-9703, data under ./data-cluster/n1..n3.
# Ctrl-C stops all three. Build first: mvn -q -B package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=http-api/target/tributary.jar
PEERS="n1=127.0.0.1:9701:4567,n2=127.0.0.1:9702:4568,n3=127.0.0.1:9703:4569"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait' INT TERM EXIT
for i in 1 2 3; do
  java -jar "$JAR" --node-id "n$i" --peers "$PEERS" --port "456$((6 + i))" --data-dir "data-cluster/n$i" &
  pids+=("$!")
done
wait
