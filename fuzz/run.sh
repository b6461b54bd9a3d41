#!/usr/bin/env bash
# Runs every fuzz target for a set time (default 60 s each; `fuzz/run.sh 3600` for an hour each,
# `fuzz/run.sh 600 deadline number` for some). Seeds each corpus from the shipped content and
# the regression inputs in tests/fuzz/<target>/; a crash is left in fuzz/artifacts/<target>/:
# copy it to tests/fuzz/<target>/ (cargo test replays it) and fix the code.
#
# cargo-fuzz needs nightly flags; on the stable toolchain RUSTC_BOOTSTRAP=1 allows them.
# Install once: cargo install cargo-fuzz
# Several runs may go side by side (one per core): FUZZ_REPORT names each one's table.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(plan_file report_file registry_files deadline number names import docx markdown addresses)
export RUSTC_BOOTSTRAP=1
root=..

seed() { # target, files…
  local t=$1; shift
  mkdir -p corpus/$t
  for f in "$@"; do [ -f "$f" ] && cp "$f" "corpus/$t/$(basename "$(dirname "$f")")-$(basename "$f")"; done
  if [ -d "$root/tests/fuzz/$t" ]; then cp "$root"/tests/fuzz/$t/* corpus/$t/ 2>/dev/null || true; fi
}
lines() { # target, grep pattern: each matching value of the shipped content becomes one input
  local t=$1 pat=$2 i=0
  mkdir -p corpus/$t
  grep -rhoP "$pat" "$root/content" | sort -u | while IFS= read -r v; do
    i=$((i + 1)); printf '%s' "$v" > "corpus/$t/content-$i"
  done
}

seed plan_file $(find "$root/content/plans" "$root/tests/fixtures" -name '*.md')
seed report_file $(find "$root/examples/demo/content/bao-cao" -name '*.md' | head -50)
seed registry_files "$root"/content/*.yaml "$root/site.yaml" "$root/tests/fixtures/mini/site.yaml"
seed import "$root"/sources/*.txt
seed docx "$root"/tests/fixtures/import/*.docx
seed markdown $(find "$root/content/plans" -name '*.md')
seed deadline; lines deadline '(?<=deadline: ).*'
seed number; lines number '\d+/[A-ZĐ][\w/-]+'
seed names; lines names '(?<=lead: ).*'
seed addresses; lines addresses '\d+[-/][A-ZĐ][\w/&-]+'

report=${FUZZ_REPORT:-report.md}
printf '| target | seconds | CPU seconds | inputs tried | crashes |\n|---|---:|---:|---:|---:|\n' > "$report"
for t in "${targets[@]}"; do
  cargo fuzz build -O "$t" >/dev/null 2>&1 || cargo fuzz build -O "$t"
  log=$(mktemp)
  set +e
  # CPU time is counted too: runs side by side share the cores.
  /usr/bin/time -f 'cpu-seconds %U %S' -o "$log.time" \
    cargo fuzz run -O "$t" "corpus/$t" -- -max_total_time="$secs" -timeout=5 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 >"$log" 2>&1
  rc=$?
  set -e
  runs=$(grep -oP '(?<=stat::number_of_executed_units: )\d+' "$log" | tail -1)
  cpu=$(awk '/^cpu-seconds/ {printf "%.0f", $2 + $3}' "$log.time")
  crashes=$(ls "artifacts/$t" 2>/dev/null | wc -l)
  printf '| %s | %s | %s | %s | %s |\n' "$t" "$secs" "${cpu:-?}" "${runs:-?}" "$crashes" | tee -a "$report"
  if [ $rc -ne 0 ]; then tail -40 "$log"; fi
  rm -f "$log" "$log.time"
done
cat "$report"
