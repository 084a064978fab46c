#!/usr/bin/env bash
# Virtual audio devices for mockint's tests (and for trying mockint on a machine without a sound card).
#
#   source scripts/audio-server.sh      start (or reuse) the server and export PULSE_SERVER
#   bash scripts/audio-server.sh        the same, then print the `export PULSE_SERVER=...` line
#   bash scripts/audio-server.sh --stop stop the server this script started
#
# A private PulseAudio server (its socket under $MOCKINT_PULSE_DIR, default /tmp/mockint-pulse-$UID) with:
#   mockint_speaker    null sink: the agent's speaker (default sink); tests hear the agent on mockint_speaker.monitor
#   mockint_mic_feed   null sink: tests play the candidate into it
#   mockint_mic        virtual source on mockint_mic_feed.monitor: the microphone (default source)
#   mockint_discard    where two 30 ms loopbacks from the monitors go (they keep the null sinks at low latency)
# all at 16000 Hz mono (the app's rate: mismatched rates cause underruns). No module-suspend-on-idle
# (it drops the start of recordings). Works as root, with no session bus and no desktop server; a desktop
# server is never touched (ours has its own socket). Idempotent; safe to source (no `set -e`, returns non-zero
# with a message on failure). ALSA clients (PortAudio, aplay) reach it through the alsa `pulse` plugin
# (libasound2-plugins), which follows PULSE_SERVER.

_mockint_audio_main() {
  local dir="${MOCKINT_PULSE_DIR:-/tmp/mockint-pulse-$(id -u)}"
  local server="unix:$dir/native"
  local rate=16000

  _mockint_pa_ready() {
    PULSE_SERVER="$server" pactl list short sinks 2>/dev/null | grep -q 'mockint_speaker' &&
      PULSE_SERVER="$server" pactl list short sources 2>/dev/null | grep -q 'mockint_mic[[:space:]]'
  }

  if [ "${1:-}" = "--stop" ]; then
    local pid
    pid="$(cat "$dir/pid" 2>/dev/null || true)"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" && echo "audio-server: stopped PulseAudio $pid ($dir)" >&2
    else
      echo "audio-server: no server running in $dir" >&2
    fi
    return 0
  fi

  for tool in pulseaudio pactl; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "audio-server: $tool not found; install pulseaudio and pulseaudio-utils (scripts/setup.sh does)" >&2
      return 1
    fi
  done

  if ! _mockint_pa_ready; then
    mkdir -p "$dir/state" || { echo "audio-server: cannot create $dir" >&2; return 1; }
    chmod 700 "$dir"
    # A stale server of ours (socket answering without our devices, or a dead pid file): stop it first.
    if [ -f "$dir/pid" ]; then
      kill "$(cat "$dir/pid" 2>/dev/null)" 2>/dev/null || true
      sleep 0.3
      rm -f "$dir/pid"
    fi
    rm -f "$dir/native"
    cat >"$dir/daemon.conf" <<EOF
default-sample-rate = $rate
alternate-sample-rate = $rate
default-sample-channels = 1
default-sample-format = s16le
avoid-resampling = yes
exit-idle-time = -1
flat-volumes = no
enable-shm = no
enable-memfd = no
EOF
    cat >"$dir/default.pa" <<EOF
.fail
load-module module-native-protocol-unix socket=$dir/native auth-anonymous=1
load-module module-null-sink sink_name=mockint_speaker rate=$rate channels=1 channel_map=mono sink_properties=device.description=mockint_speaker
load-module module-null-sink sink_name=mockint_mic_feed rate=$rate channels=1 channel_map=mono sink_properties=device.description=mockint_mic_feed
load-module module-virtual-source source_name=mockint_mic master=mockint_mic_feed.monitor rate=$rate channels=1 channel_map=mono source_properties=device.description=mockint_mic
# A null sink renders in 2 s chunks unless a client asks for low latency, and the ALSA pulse plugin
# (PortAudio's way in) does not ask: playback then stalls and stutters. A 30 ms loopback from each
# sink's monitor into a discard sink keeps both sinks at low latency, like a real sound card.
load-module module-null-sink sink_name=mockint_discard rate=$rate channels=1 channel_map=mono sink_properties=device.description=mockint_discard
load-module module-loopback source=mockint_speaker.monitor sink=mockint_discard latency_msec=30 source_dont_move=true sink_dont_move=true
load-module module-loopback source=mockint_mic_feed.monitor sink=mockint_discard latency_msec=30 source_dont_move=true sink_dont_move=true
set-default-sink mockint_speaker
set-default-source mockint_mic
EOF
    # No session bus, no X11, no desktop: everything the daemon needs is in $dir.
    (
      unset DBUS_SESSION_BUS_ADDRESS DISPLAY
      export PULSE_RUNTIME_PATH="$dir" PULSE_STATE_PATH="$dir/state" PULSE_CONFIG="$dir/daemon.conf"
      export XDG_RUNTIME_DIR="$dir"
      # No shared memory: with memfd, PulseAudio 16 aborts on "non-registered memfd ID" (its issue 824)
      # when clients come and go quickly, as tests do; copying over the socket is cheap at 16 kHz mono.
      pulseaudio --daemonize=yes --system=false --exit-idle-time=-1 --use-pid-file=yes \
        --disable-shm=yes --enable-memfd=no --disallow-exit=no --log-target="file:$dir/log" -n -F "$dir/default.pa"
    ) >/dev/null 2>&1 </dev/null || true   # judged below by whether it answers
    local i
    for i in $(seq 1 50); do
      _mockint_pa_ready && break
      sleep 0.1
    done
    if ! _mockint_pa_ready; then
      echo "audio-server: PulseAudio did not start; see $dir/log" >&2
      tail -n 5 "$dir/log" >&2 2>/dev/null
      return 1
    fi
  fi
  # Clients: our socket, no autospawn of a second server, no cookie needed (auth-anonymous).
  export PULSE_SERVER="$server"
  export MOCKINT_PULSE_DIR="$dir"
  return 0
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  # Executed, not sourced.
  _mockint_audio_main "$@" || exit 1
  [ "${1:-}" = "--stop" ] || echo "export PULSE_SERVER=$PULSE_SERVER"
else
  _mockint_audio_main "$@"
fi
