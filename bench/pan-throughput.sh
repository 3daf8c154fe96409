#!/usr/bin/env bash
# Card-number discovery throughput: `find-pan` (compiled, as shipped) against ripgrep's candidate
# regex, `gzip -dc`, and a PANhunt-style Python regex+Luhn baseline, on the corpus generator's log.
# Generates the data if absent (never in the repo). Prints a markdown table of medians.
#
# usage: bench/pan-throughput.sh            (1 GiB log, 3 runs each, in /tmp/cdeguard-pan-bench)
# env:   PAN_BENCH_DIR, PAN_BENCH_MIB (log size), PAN_BENCH_RUNS, PAN_BENCH_PY_MIB (Python slice)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
DIR=${PAN_BENCH_DIR:-/tmp/cdeguard-pan-bench}
MIB=${PAN_BENCH_MIB:-1024}
RUNS=${PAN_BENCH_RUNS:-3}
PY_MIB=${PAN_BENCH_PY_MIB:-128}
LOG=$DIR/merchant-${MIB}m.log
mkdir -p "$DIR"
command -v rg >/dev/null || { echo "ripgrep missing: apt-get install -y ripgrep" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time missing: apt-get install -y time" >&2; exit 2; }

if [ ! -f "$LOG" ]; then
  echo "generating $LOG ..." >&2
  node "$ROOT/../shared/corpus/pan/generate-logs.mjs" "$LOG" "$MIB" 42 >&2
fi
[ -f "$LOG.gz" ] || gzip -6 -c "$LOG" > "$LOG.gz"
head -c $((PY_MIB * 1024 * 1024)) "$LOG" > "$DIR/python-slice.log"

# Measure the JavaScript that ships: compile src/ and the command's entry into $DIR/build.
# The command as users run it: the compiled CLI.
(cd "$ROOT" && npm run build > /dev/null) || { echo "npm run build failed" >&2; exit 2; }
CLI="node $ROOT/dist/cli/main.js find-pan"

BYTES=$(stat -L -c %s "$LOG")
PY_BYTES=$(stat -L -c %s "$DIR/python-slice.log")
cat "$LOG" "$LOG.gz" > /dev/null # warm the page cache
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

declare -A WALL RSS CPU
measure() { # name, command...
  local name=$1
  shift
  local t
  /usr/bin/time -o "$DIR/time.txt" -f '%e %M %U %S' "$@" > /dev/null 2> /dev/null || true
  read -r t m u s < <(tail -1 "$DIR/time.txt")
  WALL[$name]="${WALL[$name]:-} $t"
  RSS[$name]="${RSS[$name]:-} $m"
  CPU[$name]="${CPU[$name]:-} $(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')"
}
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
maxof() { tr ' ' '\n' | grep -v '^$' | sort -g | tail -1; }

for _ in $(seq "$RUNS"); do
  # Interleaved, so a busy neighbour on the machine slows every contender alike.
  measure rg sh -c "rg -c '\\b(?:\\d[ -]?){13,19}\\b' '$LOG'; true"
  measure findpan sh -c "$CLI --format json '$LOG'; true"
  measure findpan1 sh -c "$CLI --format json --jobs 1 '$LOG'; true"
  measure gzip sh -c "gzip -dc '$LOG.gz'"
  measure findpangz sh -c "$CLI --format json '$LOG.gz'; true"
done
measure python python3 bench/pan_baseline.py "$DIR/python-slice.log"

FOUND=$($CLI --format json "$LOG" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);console.log(r.stats.findings+" findings, "+r.stats.belowThreshold+" below threshold")})' || true)
TRUTH=$(($(wc -l < "$LOG.truth.tsv") - 1))

rate() { awk -v b="$1" -v t="$2" 'BEGIN { printf "%.0f", b / t / 1e6 }'; }
row() { # label, key, bytes
  local w r c
  w=$(echo "${WALL[$2]}" | median)
  r=$(echo "${RSS[$2]}" | maxof)
  c=$(echo "${CPU[$2]}" | median)
  printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$w" "$(rate "$3" "$w")" "$c" "$(rate "$3" "$c")" "$((r / 1024))"
}
echo
echo "log: $LOG ($BYTES bytes, $TRUTH planted PAN lines); find-pan: $FOUND"
echo "machine: $(nproc) vCPU, $(uname -r), node $(node --version), $(rg --version | head -1); load average before: $LOAD_BEFORE"
echo
echo '| contender | wall s (median of '"$RUNS"') | MB/s (wall) | CPU s (user+sys) | MB per CPU-s | peak RSS MiB |'
echo '|---|---|---|---|---|---|'
row 'rg -c '"'"'\b(?:\d[ -]?){13,19}\b'"'"'' rg "$BYTES"
row 'find-pan (2 workers, full validation)' findpan "$BYTES"
row 'find-pan --jobs 1' findpan1 "$BYTES"
row "python regex+Luhn (first $PY_MIB MiB)" python "$PY_BYTES"
row 'gzip -dc > /dev/null' gzip "$BYTES"
row 'find-pan on .gz' findpangz "$BYTES"
W_RG=$(echo "${WALL[rg]}" | median)
W_FP=$(echo "${WALL[findpan]}" | median)
W_GZ=$(echo "${WALL[gzip]}" | median)
W_FPGZ=$(echo "${WALL[findpangz]}" | median)
W_PY=$(echo "${WALL[python]}" | median)
C_RG=$(echo "${CPU[rg]}" | median)
C_FP=$(echo "${CPU[findpan]}" | median)
C_FP1=$(echo "${CPU[findpan1]}" | median)
echo
awk -v rg="$W_RG" -v fp="$W_FP" -v gz="$W_GZ" -v fpgz="$W_FPGZ" -v py="$W_PY" -v b="$BYTES" -v pb="$PY_BYTES" \
  -v crg="$C_RG" -v cfp="$C_FP" -v cfp1="$C_FP1" 'BEGIN {
  printf "find-pan / rg: %.2fx (bar 1.0)\n", rg / fp
  printf "CPU seconds per GB, find-pan (2 workers, 1 worker) / rg: %.2fx, %.2fx\n", cfp / crg, cfp1 / crg
  printf "find-pan / python: %.0fx (bar 60)\n", (b / fp) / (pb / py)
  printf "find-pan .gz / gzip -dc: %.2fx (bar 0.9)\n", gz / fpgz
}'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
