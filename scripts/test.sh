#!/usr/bin/env bash
# Run mockint's test suite on a fresh Debian/Ubuntu machine: installs what is missing
# (scripts/setup.sh --tests), starts the virtual PulseAudio devices, then runs pytest.
# Extra arguments go to pytest (e.g. scripts/test.sh -k rubric).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --tests
if [ -f scripts/audio-server.sh ]; then
  # shellcheck disable=SC1091
  source scripts/audio-server.sh   # exports PULSE_SERVER for the tests
fi
exec .venv/bin/python -m pytest -q -rs "$@"
