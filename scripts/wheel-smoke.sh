#!/usr/bin/env bash
# Build mockint's wheel, install it into a fresh venv outside the checkout and run it from there:
# `scenarios list` (the 16 principles), a demo `practice` (a report) and `score` (a text answer).
# Proves the wheel carries what a user needs (scenarios, demo answers, data, templates), not the checkout.
# Uses .venv's Python and setuptools (scripts/setup.sh); the fresh venv's dependencies come from the
# registry (or pip's cache), so the wheel's declared dependencies are tested too. About 2.5 minutes on
# 2 CPUs: ~40 s installing, ~80 s the demo interview (tiny.en on every turn). Keeps nothing
# (WHEEL_SMOKE_KEEP=1 keeps the temporary folder to look at).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
py=.venv/bin/python
[ -x "$py" ] || { echo "wheel-smoke: no .venv (run scripts/setup.sh first)" >&2; exit 2; }

say() { printf '\033[1m==> wheel-smoke: %s (%d s)\033[0m\n' "$*" "$((SECONDS - start))" >&2; }
fail() { echo "wheel-smoke: FAILED: $*" >&2; exit 1; }
start=$SECONDS

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mockint-wheel-smoke.XXXXXX")
[ -n "${WHEEL_SMOKE_KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
case "$tmp" in "$repo"/*) fail "the temporary folder $tmp is inside the checkout" ;; esac

# Build from a copy of the working tree (tracked and new files, not ignored ones): setuptools' build/
# folder in the checkout could carry stale files into the wheel. The usual isolated build, so
# pyproject.toml's [build-system] is tested too.
say "building the wheel"
mkdir "$tmp/src"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
    [ -e "$f" ] && printf '%s\0' "$f"
  done | tar --null -T - -cf - | tar -xf - -C "$tmp/src"
else
  tar --exclude=./.venv --exclude=./build --exclude='*.egg-info' --exclude=__pycache__ -cf - . | tar -xf - -C "$tmp/src"
fi
"$py" -m pip wheel --disable-pip-version-check -q --no-deps -w "$tmp/dist" "$tmp/src" || fail "pip wheel"
wheel=$(ls "$tmp"/dist/mockint-*.whl)

say "installing $(basename "$wheel") into a fresh venv"
"$py" -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install --disable-pip-version-check -q --no-compile "$wheel" || fail "pip install $wheel"
t_install=$SECONDS

# Run from outside the checkout, with nothing pointing back into it.
home="$tmp/home"
mkdir -p "$home" "$tmp/run"
cd "$tmp/run"
unset MOCKINT_SCENARIOS PYTHONPATH
export MOCKINT_HOME="$home"
mockint=$tmp/venv/bin/mockint

where=$("$tmp/venv/bin/python" -c 'import mockint; print(mockint.__file__)')
case "$where" in "$tmp/venv/"*) ;; *) fail "mockint is imported from $where, not the venv" ;; esac

say "mockint scenarios list"
"$mockint" scenarios list >"$tmp/list.txt" || { cat "$tmp/list.txt" >&2; fail "mockint scenarios list"; }
n=$(awk -F'[][]' '{split($2, a, ", "); print a[1]}' "$tmp/list.txt" | sort -u | wc -l)
[ "$n" -eq 16 ] || { cat "$tmp/list.txt" >&2; fail "scenarios list shows $n leading principles, not 16"; }

say "mockint practice --demo --no-speak --fast"
"$mockint" practice --demo --no-speak --fast >"$tmp/practice.txt" 2>&1 \
  || { cat "$tmp/practice.txt" >&2; fail "mockint practice --demo"; }
reports=("$home"/sessions/*/report.json)
[ -s "${reports[0]}" ] || { cat "$tmp/practice.txt" >&2; fail "practice --demo left no report.json"; }
grep -q '_bundled/demo' "$tmp/practice.txt" || { cat "$tmp/practice.txt" >&2; fail "practice --demo did not use the bundled demo answers"; }

say "mockint score"
cat >"$tmp/answer.txt" <<'EOF'
Our payments team shipped a webhook service that a large customer depended on. I owned the retry logic.
When the customer reported missing events, I traced the gap to our queue, added idempotency keys and
replayed the lost events myself. Missed deliveries dropped to zero and I now add replay tests to every
integration I build.
EOF
"$mockint" score -s customer-obsession-webhook -o "$tmp/scored" "$tmp/answer.txt" >"$tmp/score.txt" 2>&1 \
  || { cat "$tmp/score.txt" >&2; fail "mockint score"; }
[ -s "$tmp/scored/report.html" ] || { cat "$tmp/score.txt" >&2; fail "mockint score -o wrote no report.html"; }

say "mockint report latest / history"
"$mockint" report latest --format html >"$tmp/report.txt" 2>&1 || { cat "$tmp/report.txt" >&2; fail "mockint report latest"; }
"$mockint" history >"$tmp/history.txt" 2>&1 || { cat "$tmp/history.txt" >&2; fail "mockint history"; }

say "ok (build and install $((t_install - start)) s)"
