#!/usr/bin/env bash
# Install mockint and everything it needs on a Debian/Ubuntu machine, into ./.venv.
#   scripts/setup.sh              the app (offline Whisper tiny.en, espeak-ng voice, PortAudio)
#   scripts/setup.sh --tests      plus the test tools, openai-whisper (CPU torch), piper, PulseAudio, Chromium
# Idempotent: a second run only checks. Needs root or sudo for apt-get.
set -euo pipefail
cd "$(dirname "$0")/.."

with_tests=0
for a in "$@"; do
  case "$a" in
    --tests) with_tests=1 ;;
    *) echo "setup.sh: unknown option $a" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# System packages: espeak-ng is the default voice, libportaudio2 the audio device layer,
# libsndfile1 audio files, pulseaudio a sound server (a virtual one when there is no sound card).
apt_pkgs=(python3 python3-venv python3-pip espeak-ng libportaudio2 libsndfile1 pulseaudio pulseaudio-utils alsa-utils libasound2-plugins)
if [ "$with_tests" = 1 ]; then
  apt_pkgs+=(sox chromium tmux)
fi
missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  say "apt-get install ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

py=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  say "creating .venv"
  "$py" -m venv .venv
fi
pip=(.venv/bin/python -m pip --disable-pip-version-check -q)
if [ "$with_tests" = 1 ]; then
  # openai-whisper needs torch; ask for the CPU build explicitly first, or pip pulls a multi-GB CUDA build.
  if ! .venv/bin/python -c "import torch" 2>/dev/null; then
    say "pip install torch (CPU)"
    "${pip[@]}" install "torch==2.13.0"
  fi
  say "pip install -e .[test,openai-whisper,piper]"
  "${pip[@]}" install -e ".[test,openai-whisper,piper]"
else
  say "pip install -e ."
  "${pip[@]}" install -e .
fi
say "mockint is installed: .venv/bin/mockint"
