#!/bin/bash
# A tampered expected file always fails, even with the regenerate switch
# (TIDEMARK_TEST_REGENERATE=1) in the environment: every kind of
# expected file is tampered with in a scratch copy of the fixtures, and
# both of its checks must fail -- the comparison with tidemark's output
# (which in regenerate mode rewrites the file but still fails) and the
# second, independent one against libvirt or virsh. TAP output.
#   test-tamper.sh SOURCE-ROOT BUILD-DIR
set -u
root=$1 build=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/tidemark-tamper.XXXXXX")
trap 'rm -rf "$work"' EXIT
export TIDEMARK_TEST_REGENERATE=1 TIDEMARK_SCHEMA_DIR=$root/schemas

n=0 failed=0
# fails DESC COMMAND...: one TAP line, passing when COMMAND fails and
# printed a "not ok" line or a "Bail out!"
fails() {
    local desc=$1
    shift
    n=$((n + 1))
    "$@" >"$work/out" 2>&1
    local rc=$?
    if [ $rc != 0 ] && grep -q -E '^(not ok|Bail out!)' "$work/out"; then
        echo "ok $n - $desc"
    else
        failed=$((failed + 1))
        echo "not ok $n - $desc (exit $rc)"
        sed 's/^/# /' "$work/out" | tail -n 15
    fi
}

# fresh: a scratch copy of the fixtures and CLI transcripts
fresh() {
    rm -rf "$work/tests"
    mkdir -p "$work/tests/cli"
    cp -r "$root"/tests/*xml2xml "$work/tests/"
    cp -r "$root/tests/cli/expected" "$work/tests/cli/"
}
# tamper FILE: one changed character, the way a hand edit would
tamper() {
    sed -i '2s/>/ >/' "$1"
}

for fixture in checkpointxml2xml snapshotxml2xml domainxml2xml; do
    fresh
    first=$(ls "$work/tests/$fixture/out" | head -n 1)
    tamper "$work/tests/$fixture/out/$first"
    fails "$fixture/out/$first tampered: tidemark's harness fails" \
        "$build/tests/unit/test-$fixture" "$work/tests/$fixture"
done

fresh
sed -i '/^[a-z]/s/$/X/' "$work/tests/domainxml2xml/invalid.txt"
fails "domainxml2xml/invalid.txt tampered: tidemark's harness fails" \
    "$build/tests/unit/test-domainxml2xml" "$work/tests/domainxml2xml"
fresh
# an input of the harness: a changed value shows in the outputs (a change
# of layout only is for libvirt's check, gen-expected.py --check)
sed -i 's/8388608/8388609/' "$work/tests/checkpointxml2xml/domains/test.xml"
fails "checkpointxml2xml/domains/test.xml tampered: tidemark's harness fails" \
    "$build/tests/unit/test-checkpointxml2xml" "$work/tests/checkpointxml2xml"

fresh
tamper "$work/tests/domainxml2xml/out/minimal.xml"
fails "domainxml2xml/out/minimal.xml tampered: libvirt's check fails" \
    /usr/bin/python3 "$work/tests/domainxml2xml/gen-expected.py" --check

fresh
tamper "$work/tests/domainxml2xml/out-tidemark/unknown-element.xml"
fails "domainxml2xml/out-tidemark/unknown-element.xml tampered: tidemark's harness fails" \
    "$build/tests/unit/test-domainxml2xml" "$work/tests/domainxml2xml"
fresh
tamper "$work/tests/domainxml2xml/out-tidemark/unknown-element.xml"
fails "... and the check against libvirt's output fails" \
    /usr/bin/python3 "$root/tests/domainxml2xml/check-divergent.py" "$work/tests/domainxml2xml"

fresh
mkdir "$work/tests/api"
sed '3s/ [0-9]*$/ 999/' "$root/tests/api/enum-values.txt" >"$work/tests/api/enum-values.txt"
fails "api/enum-values.txt tampered: api-constants fails" \
    /usr/bin/python3 "$root/tests/api/check-constants.py" \
    --def "$root/tests/api/api-constants.def" --table "$work/tests/api/enum-values.txt" \
    --headers "$root/include/tidemark" --ours "$build/tests/api/enum-values"

for name in help-all usage version version-long version-build; do
    fresh
    sed -i '3s/$/X/' "$work/tests/cli/expected/$name.txt"
    # shellcheck disable=SC2016
    fails "cli/expected/$name.txt tampered: tidemark's transcript check fails" \
        bash -c '. "$1/tests/cli/lib.sh"; tm_begin "$2" "$1"
                 TM_EXPECTED=$3
                 case $4 in
                     help-all) tm_case_own "$4" "$3/$4.txt" help ;;
                     usage) tm_case_own "$4" "$3/$4.txt" -h ;;
                     version) tm_case_own "$4" "$3/$4.txt" -v ;;
                     version-long) tm_case_own "$4" "$3/$4.txt" --version ;;
                     version-build) tm_case_own "$4" "$3/$4.txt" -V ;;
                 esac
                 tm_end' \
        _ "$root" "$build/tools/tidemark" "$work/tests/cli/expected" "$name"
    fresh
    sed -i '3s/$/X/' "$work/tests/cli/expected/$name.txt"
    fails "... and the check against virsh's output fails" \
        /usr/bin/python3 "$root/tests/cli/check-own.py" "$work/tests/cli/expected" \
        "$(meson introspect --projectinfo "$build" | /usr/bin/python3 -c \
            'import json, sys; print(json.load(sys.stdin)["version"])')"
done

echo "1..$n"
[ $failed = 0 ]
