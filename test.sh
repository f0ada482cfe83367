#!/usr/bin/env bash
# Runs every test of the solution on a fresh machine: installs what the tests need that the machine
# lacks, runs `dotnet test` for the whole solution, then the web tests again on PostgreSQL, and ends
# with one line: "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Tests start many short-lived sites; none of them needs to watch its settings files, and each
# watcher would take one of the machine's few inotify instances.
export DOTNET_hostBuilder__reloadConfigOnChange=false DOTNET_USE_POLLING_FILE_WATCHER=true

results="TestResults"
rm -rf "$results"

# The browser tests drive Debian's Chromium and inject axe-core from npm.
if ! command -v chromium >/dev/null; then
  echo "Installing Chromium for the browser tests…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=120 update -qq
  apt-get -o DPkg::Lock::Timeout=120 install -y -qq chromium >/dev/null
fi
# The PostgreSQL tests start a private server from the machine's PostgreSQL programs.
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  echo "Installing PostgreSQL for the PostgreSQL tests…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=120 update -qq
  apt-get -o DPkg::Lock::Timeout=120 install -y -qq postgresql >/dev/null
fi
if [[ ! -f tests/CourseHub.BrowserTests/node_modules/axe-core/axe.min.js ]]; then
  echo "Installing axe-core for the browser tests…"
  (cd tests/CourseHub.BrowserTests && npm ci --no-audit --no-fund --loglevel=error)
fi

dotnet tool restore >/dev/null
dotnet build CourseHub.sln -c Release -nologo -clp:ErrorsOnly

status=0
# One test project at a time: the browser tests want the machine's two cores to themselves.
dotnet test CourseHub.sln -c Release --no-build --nologo -m:1 \
  --logger "trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" || status=$?

# The web tests once more with every site on PostgreSQL (the tests about SQLite itself stay on SQLite).
COURSEHUB_TEST_DATABASE=PostgreSql dotnet test tests/CourseHub.Web.Tests -c Release --no-build --nologo \
  --logger "trx;LogFileName=web-tests-on-postgresql.trx" --logger "console;verbosity=minimal" \
  --results-directory "$results" || status=$?

passed=0
failed=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

# One report per test project, and one more for the web tests' PostgreSQL pass.
expected=$(( $(ls tests/*/*.csproj | wc -l) + 1 ))
reports=$(ls "$results"/*.trx 2>/dev/null | wc -l)
if [[ $reports -ne $expected ]]; then
  echo "expected $expected test reports (each test project, and the web tests on PostgreSQL), found $reports" >&2
  [[ $status -ne 0 ]] || status=1
fi

if [[ $status -ne 0 && $failed -eq 0 ]]; then
  # The run failed without a failing test (a build or host error): count it so it cannot read as green.
  failed=1
fi
echo "${passed} passed, ${failed} failed"
exit $status
