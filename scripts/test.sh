#!/usr/bin/env bash
# The whole test suite: installs dependencies, builds tidemark twice
# (plain -Werror build and an AddressSanitizer + UBSan build), runs every
# tier on each, and ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh || exit 1

bash scripts/build.sh build || exit 1
bash scripts/build.sh build-asan -Db_sanitize=address,undefined -Db_lundef=false || exit 1

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp

status=0
# plain build: every suite, including the libvirt reference checks
meson test -C build --no-rebuild --print-errorlogs || status=1
# sanitized build: every suite but the reference checks (they run libvirt, not us)
meson test -C build-asan --no-rebuild --print-errorlogs --no-suite reference || status=1
# valgrind over the C programs of the unit tier (suite memcheck), plain build
meson test -C build --no-rebuild --print-errorlogs --setup valgrind --suite memcheck || status=1

/usr/bin/python3 scripts/summarize.py build/meson-logs/testlog.json \
    build-asan/meson-logs/testlog.json build/meson-logs/testlog-valgrind.json || status=1
exit $status
