#!/bin/bash
# A comparison tier never vanishes: with a reference tool missing, its
# tests are still defined and fail, saying what is missing, and the
# closing summary counts the failure. TAP output.
#   test-tiers.sh SOURCE-ROOT ENUM-VALUES-BINARY
# python3-libvirt is hidden by a module "libvirt" that fails to import,
# first on PYTHONPATH; virsh by a name that is not on PATH; libvirt's
# headers by leaving out their arguments, as meson does without them.
set -u
root=$1 enum_values=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/tidemark-tiers.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/hide"
echo 'raise ImportError("python3-libvirt hidden by tests/selftest/test-tiers.sh")' \
    >"$work/hide/libvirt.py"

n=0 failed=0
# ok_if DESC COMMAND...: one TAP line, passing when COMMAND succeeds
ok_if() {
    local desc=$1
    shift
    n=$((n + 1))
    if "$@" >"$work/out" 2>&1; then
        echo "ok $n - $desc"
    else
        failed=$((failed + 1))
        echo "not ok $n - $desc"
        sed 's/^/# /' "$work/out" | tail -n 20
    fi
}

# 1. python3-libvirt missing at configure time
PYTHONPATH=$work/hide meson setup "$work/b" "$root" >"$work/setup.log" 2>&1 ||
    cat "$work/setup.log"
tests_defined() {
    meson introspect --tests "$work/b" | /usr/bin/python3 -c '
import json, sys
names = {t["name"] for t in json.load(sys.stdin)}
want = {"libvirt-checkpointxml2xml", "libvirt-snapshotxml2xml",
        "libvirt-domainxml2xml", "libvirt-domainxml2xml-divergent", "api-golden"}
print("defined:", " ".join(sorted(names)))
sys.exit(0 if want <= names else 1)'
}
ok_if "without python3-libvirt the reference and api tests are still defined" \
    tests_defined
PYTHONPATH=$work/hide meson test -C "$work/b" --no-rebuild --suite reference --suite api \
    >"$work/run.log" 2>&1
status=$?
tests_fail_saying_why() {
    [ $status != 0 ] && /usr/bin/python3 - "$work/b/meson-logs/testlog.json" <<'PY'
import json, sys
tests = [json.loads(l) for l in open(sys.argv[1])]
needs = [t for t in tests if t["name"].split(" / ")[-1].startswith(("libvirt-", "api-golden"))]
for t in needs:
    print(t["name"], t["result"], t["stdout"].strip())
sys.exit(0 if len(needs) >= 5 and all(
    t["result"] != "OK" and "python3-libvirt was missing" in t["stdout"]
    for t in needs) else 1)
PY
}
ok_if "... and fail, naming python3-libvirt" tests_fail_saying_why
summary_fails() {
    ! /usr/bin/python3 "$root/scripts/summarize.py" \
        "plain=$work/b/meson-logs/testlog.json:reference,api"
}
ok_if "... and the summary counts them as failures" summary_fails

# 2. virsh missing when a CLI scenario runs
cli_bails_out() {
    ! TM_VIRSH=tidemark-no-such-virsh bash "$root/tests/cli/domain.sh" /bin/true "$root" &&
        TM_VIRSH=tidemark-no-such-virsh bash "$root/tests/cli/domain.sh" /bin/true "$root" |
        grep -q '^Bail out! virsh (libvirt-clients) is not installed'
}
ok_if "without virsh a CLI scenario fails, naming virsh" cli_bails_out

# 3. libvirt's headers missing at configure time
prototypes_fail() {
    ! sh "$root/tests/api/check-prototypes.sh" /dev/null "" "" "" &&
        sh "$root/tests/api/check-prototypes.sh" /dev/null "" "" "" | grep -q 'libvirt-dev'
}
ok_if "without libvirt's headers api-prototypes fails, naming libvirt-dev" prototypes_fail
constants_fail() {
    /usr/bin/python3 "$root/tests/api/check-constants.py" \
        --def "$root/tests/api/api-constants.def" --table "$root/tests/api/enum-values.txt" \
        --headers "$root/include/tidemark" --ours "$enum_values" >"$work/constants.out"
    cat "$work/constants.out"
    [ "$(grep -c "^not ok .*libvirt" "$work/constants.out")" = 2 ]
}
ok_if "without libvirt's headers api-constants fails both comparisons" constants_fail

echo "1..$n"
[ $failed = 0 ]
