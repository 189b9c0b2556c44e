#!/usr/bin/env bash
# Configures and builds one build directory.
#   scripts/build.sh DIR [meson options...]
# An existing DIR is reconfigured (meson setup --reconfigure) with the
# options given, so what configure finds (a reference tool installed or
# removed since, the options) is always current.
set -euo pipefail
dir=$1
shift
setup=(meson setup "$dir" "$@")
[ -f "$dir/build.ninja" ] && setup=(meson setup --reconfigure "$dir" "$@")
"${setup[@]}" >"$dir.setup.log" 2>&1 || { cat "$dir.setup.log"; exit 1; }
rm -f "$dir.setup.log"
ninja -C "$dir" >/dev/null || ninja -C "$dir"
