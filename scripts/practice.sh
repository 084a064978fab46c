#!/usr/bin/env bash
# Set up mockint on a fresh Debian/Ubuntu machine (if not done yet) and start a practice session.
# Arguments go to `mockint practice` (e.g. --mode guided --level senior). Without a microphone the
# session is answered by the bundled demo recordings, and it says so.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/mockint practice "$@"
