#!/usr/bin/env bash
# The whole test suite: installs dependencies, builds tidemark three times
# (a plain -Werror build, an AddressSanitizer + UBSan build and a
# ThreadSanitizer build), runs every tier on the first two, the unit tier
# under valgrind and under ThreadSanitizer, prints one subtotal line per
# run and ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

# A regenerate switch (TIDEMARK_TEST_REGENERATE and any other variable
# named *REGENERATE*) rewrites expected files from tidemark's own output:
# never inside the test command, whatever the caller's environment says.
# (summarize.py also fails any test that ran with one set.)
for var in $(compgen -e); do
    case $var in *REGENERATE*) unset "$var" ;; esac
done

bash scripts/deps.sh || exit 1

bash scripts/build.sh build || exit 1
bash scripts/build.sh build-asan -Db_sanitize=address,undefined -Db_lundef=false || exit 1
bash scripts/build.sh build-tsan -Db_sanitize=thread || exit 1

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp
# any report fails the test (exit code 66); GLib's locks are annotated
# in the tsan build itself (src/util/glib-tsan.c), nothing is suppressed
export TSAN_OPTIONS=second_deadlock_stack=1

# results of an earlier run must not be counted again
rm -f build/meson-logs/testlog*.json build-asan/meson-logs/testlog*.json \
    build-tsan/meson-logs/testlog*.json

status=0
# plain build: every suite, including the libvirt reference checks and
# the tests of this machinery (selftest)
meson test -C build --no-rebuild --print-errorlogs || status=1
# sanitized build: every suite but those two (they run libvirt and
# scripts, not our C code); its qemu suite is the smoke subset on TCG
meson test -C build-asan --no-rebuild --print-errorlogs \
    --no-suite reference --no-suite selftest || status=1
# valgrind over the C programs of the unit tier (suite memcheck), plain build
meson test -C build --no-rebuild --print-errorlogs --setup valgrind --suite memcheck || status=1
# ThreadSanitizer: the unit tier, which holds the threaded tests (the
# 8-thread concurrency test, the GLib lock annotations)
# (G_SLICE=always-malloc: GLib 2.74's slice allocator hands memory from
# one thread to another under locks TSan cannot see; plain malloc it sees)
G_SLICE=always-malloc meson test -C build-tsan --no-rebuild --print-errorlogs --suite unit || status=1
# ... and the daemon tier's protocol tests: tidemarkd's threads under load
# of real clients (the CLI scenarios are left to the other two builds)
G_SLICE=always-malloc meson test -C build-tsan --no-rebuild --print-errorlogs --suite daemon \
    --logbase testlog-daemon daemon-virsh-interop daemon-wire daemon-load daemon-events \
    daemon-tls daemon-apigolden daemon-cclient || status=1

/usr/bin/python3 scripts/summarize.py \
    plain=build/meson-logs/testlog.json:unit,api,cli,reference,selftest,install,qemu,tcg,daemon \
    sanitized=build-asan/meson-logs/testlog.json:unit,api,cli,install,qemu,daemon \
    valgrind=build/meson-logs/testlog-valgrind.json:memcheck \
    tsan=build-tsan/meson-logs/testlog.json:unit \
    tsan-daemon=build-tsan/meson-logs/testlog-daemon.json:daemon || status=1
exit $status
