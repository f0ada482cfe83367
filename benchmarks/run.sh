#!/usr/bin/env bash
# CourseHub benchmark harness. Builds Release, starts the site in the Benchmark environment on
# 127.0.0.1 (server pinned to core 0, load generator to core 1), warms up, then for each case
# alternates A (the real endpoint) and B (a baseline) three times and prints requests/s, p99 latency
# and the median ratio A/B.
#
#   benchmarks/run.sh            all cases
#   benchmarks/run.sh module     only cases whose name contains "module"
#   benchmarks/run.sh outbox     only the outbox delivery case (no site, no wrk)
#   benchmarks/run.sh application  the application POST case and the application burst
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

filter="${1:-}"
port="${BENCH_PORT:-5290}"
duration="${BENCH_SECONDS:-5}"
connections="${BENCH_CONNECTIONS:-32}"
base="http://127.0.0.1:${port}"
work="$root/benchmarks/results/run-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$work"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Outbox delivery: its own program (benchmarks/CourseHub.Benchmarks) starts an SMTP sink on 127.0.0.1
# and alternates A (the real Outbox and OutboxDispatcher over a fresh SQLite database) and B (a raw
# MailKit loop over one connection). Sender and sink share one process, pinned to the two cores the
# other cases use.
run_outbox_case() {
  [[ -z "$filter" || "outbox delivery" == *"$filter"* ]] || return 0
  echo
  echo "== outbox delivery: Outbox + OutboxDispatcher vs a raw MailKit loop, same SMTP sink"
  taskset -c 0,1 dotnet run -c Release --project benchmarks/CourseHub.Benchmarks -- outbox "${BENCH_OUTBOX_MESSAGES:-2000}"
}
if [[ "$filter" == "outbox" ]]; then
  run_outbox_case
  exit 0
fi

if ! command -v wrk >/dev/null; then
  echo "Installing wrk…"
  apt-get update -qq >/dev/null && apt-get -o DPkg::Lock::Timeout=120 install -y -qq wrk >/dev/null
fi

# The application cases run benchmarks/CourseHub.Benchmarks against the site: build it before the
# site starts, so that no compiler runs beside the measurements.
apply_names=("application POST vs raw SQLite transactions" "application burst: 500 applicants in 5 s with catalogue GETs")
apply_parts=()
for name in "${apply_names[@]}"; do
  [[ -z "$filter" || "$name" == *"$filter"* ]] && apply_parts+=("$name")
done
if (( ${#apply_parts[@]} > 0 )); then
  echo "Building the benchmark program…"
  dotnet build benchmarks/CourseHub.Benchmarks -c Release -nologo -v quiet >/dev/null
fi

echo "Publishing Release build…"
dotnet publish src/CourseHub.Web -c Release -o "$work/app" -nologo -v quiet >/dev/null

server_pid=""
cleanup() { [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true; }
trap cleanup EXIT

( cd "$work/app" && \
  ASPNETCORE_ENVIRONMENT=Benchmark \
  ConnectionStrings__CourseHub="Data Source=$work/coursehub.db" \
  Content__Path="$root/content" \
  Site__DataPath="$work" \
  exec taskset -c 0 dotnet CourseHub.Web.dll --urls "$base" ) >"$work/server.log" 2>&1 &
server_pid=$!

for _ in $(seq 1 120); do
  curl -fs -o /dev/null "$base/courses" && break
  sleep 0.5
done
curl -fs -o /dev/null "$base/courses" || { echo "The site did not start; see $work/server.log" >&2; exit 1; }
# The published app must serve the top-level wwwroot/ that publish copied beside it.
curl -fs -o /dev/null "$base/css/site.css" || { echo "The published site does not serve its static files" >&2; exit 1; }

# wrk prints "Requests/sec: N" and, with --latency, a "99%  X.XXms" line.
measure() {
  local url="$1" script="${2:-}" out
  local args=(-t1 -c"${MEASURE_CONNECTIONS:-$connections}" -d"${duration}s" --latency)
  [[ -n "$script" ]] && args+=(-s "$script")
  out=$(taskset -c 1 wrk "${args[@]}" "$url")
  local rps p99 non2xx
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")
  if [[ -n "$non2xx" ]]; then echo "error: $non2xx non-2xx responses from $url" >&2; exit 1; fi
  echo "$rps $p99"
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

run_case() {
  local name="$1" a="$2" b="$3" target="$4" script="${5:-}"
  [[ -z "$filter" || "$name" == *"$filter"* ]] || return 0
  # Same bytes? A baseline of /bench/bytes must serve exactly what the real endpoint serves.
  if [[ "$b" == /bench/bytes* ]] && ! cmp -s <(curl -fs "$base$a") <(curl -fs "$base$b"); then
    echo "error: $b does not serve the same bytes as $a" >&2; exit 1
  fi
  echo
  echo "== $name"
  echo "   A: $a"
  echo "   B: $b"
  for _ in 1 2; do measure "$base$a" "$script" >/dev/null; measure "$base$b" >/dev/null; done   # warm-up (JIT tiers)
  local ratios=()
  printf "   %-6s %12s %10s %12s %10s %8s\n" round "A req/s" "A p99" "B req/s" "B p99" "A/B"
  for round in 1 2 3; do
    read -r ra pa < <(measure "$base$a" "$script")
    read -r rb pb < <(measure "$base$b")
    local ratio
    ratio=$(awk -v x="$ra" -v y="$rb" 'BEGIN {printf "%.2f", x / y}')
    ratios+=("$ratio")
    printf "   %-6s %12s %10s %12s %10s %8s\n" "$round" "$ra" "$pa" "$rb" "$pb" "$ratio"
  done
  local med
  med=$(printf "%s\n" "${ratios[@]}" | median)
  local verdict
  verdict=$(awk -v m="$med" -v t="$target" 'BEGIN {print (m >= t) ? "meets" : "BELOW"}')
  echo "   median A/B = $med (target >= $target: $verdict)"
}

echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(lscpu | awk -F: '/Model name/ {gsub(/^ +/, "", $2); print $2; exit}')"
echo "Load: wrk -t1 -c$connections -d${duration}s on core 1; server on core 0"

module="/courses/from-digital-to-smart-government/modules/digital-government-in-lac"
run_case "module page (anonymous) vs same bytes from memory" "$module" "/bench/bytes?path=$module" 0.75
run_case "catalogue page (anonymous) vs same bytes from memory" "/courses" "/bench/bytes?path=/courses" 0.75

# Sign-in: the whole POST (antiforgery, lockout bookkeeping, session row, cookie) against the bare
# password-hash verification that dominates it. Hashing is CPU-bound, so few connections suffice.
if [[ -z "$filter" || "sign-in" == *"$filter"* ]]; then
  page=$(curl -fs -c "$work/cookies.txt" "$base/account/sign-in")
  token=$(grep -o 'name="__RequestVerificationToken"[^>]*value="[^"]*"' <<<"$page" | sed 's/.*value="//;s/"$//' | head -n1)
  export COOKIE
  COOKIE=$(sed 's/^#HttpOnly_//' "$work/cookies.txt" | awk '!/^#/ && NF >= 7 {printf "%s%s=%s", sep, $6, $7; sep="; "}')
  export BODY="Email=bench%40coursehub.local&Password=benchmark+passphrase&__RequestVerificationToken=$(python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1],safe=""))' "$token")"
  status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Cookie: $COOKIE" -H 'Content-Type: application/x-www-form-urlencoded' --data "$BODY" "$base/account/sign-in")
  [[ "$status" == "302" ]] || { echo "error: the benchmark sign-in answered $status, not 302" >&2; exit 1; }
  MEASURE_CONNECTIONS=4 run_case "sign-in POST vs raw password-hash verification" "/account/sign-in" "/bench/hash" 0.8 "$root/benchmarks/signin.lua"
fi

# Applications: N signed-in applicants POST to /courses/{slug}/apply (the whole request: antiforgery,
# validation, one transaction with the application, its audit row and its outbox row, 303) against a raw
# Microsoft.Data.Sqlite loop writing the same two rows per transaction (WAL, synchronous=FULL); then a
# burst of 500 distinct applicants within 5 s while four loops GET /courses. The program prints its own
# table; like wrk it runs on core 1.
if (( ${#apply_parts[@]} > 0 )); then
  part=all
  (( ${#apply_parts[@]} == 1 )) && { [[ "${apply_parts[0]}" == *burst* ]] && part=burst || part=rounds; }
  taskset -c 1 dotnet run -c Release --no-build --project benchmarks/CourseHub.Benchmarks -- apply "$base" "${BENCH_APPLICATIONS:-500}" "$part"
fi

# The site is not needed any more: stop it, so it takes nothing from the outbox case.
cleanup
server_pid=""
run_outbox_case

