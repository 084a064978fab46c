#!/usr/bin/env bash
# Run mockint's test suite on a fresh Debian/Ubuntu machine: installs what is missing
# (scripts/setup.sh --tests), starts the virtual PulseAudio devices, smoke-tests the built wheel
# (scripts/wheel-smoke.sh, on a full run), then runs pytest.
# Extra arguments go to pytest (e.g. scripts/test.sh -k rubric).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --tests
if [ -f scripts/audio-server.sh ]; then
  # shellcheck disable=SC1091
  source scripts/audio-server.sh   # exports PULSE_SERVER for the tests
fi
# The built wheel, installed in a fresh venv outside the checkout, must work on its own (scripts/wheel-smoke.sh).
# On a full run (no pytest arguments, as in CI) unless MOCKINT_WHEEL_SMOKE=0; MOCKINT_WHEEL_SMOKE=1 forces it.
if [ "${MOCKINT_WHEEL_SMOKE:-$([ $# -eq 0 ] && echo 1 || echo 0)}" = 1 ]; then
  bash scripts/wheel-smoke.sh
fi
exec .venv/bin/python -m pytest -q -rs "$@"
