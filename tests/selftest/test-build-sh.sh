#!/bin/bash
# scripts/build.sh configures a new build directory and reconfigures an
# existing one with the options given (so what configure finds is
# current), then builds it. meson and ninja are stand-ins on PATH that
# record their command lines. TAP output.
#   test-build-sh.sh SOURCE-ROOT
set -u
root=$1
work=$(mktemp -d "${TMPDIR:-/tmp}/tidemark-build-sh.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir "$work/bin"
for tool in meson ninja; do
    cat >"$work/bin/$tool" <<TOOL
#!/bin/sh
echo "$tool \$*" >>"$work/calls"
TOOL
    chmod +x "$work/bin/$tool"
done

n=0 failed=0
# check DESC EXPECTED-CALLS...: runs build.sh on $work/b with -Dx=1
check() {
    local desc=$1 want
    shift
    want=$(printf '%s\n' "$@")
    : >"$work/calls"
    (cd "$work" && PATH=$work/bin:$PATH bash "$root/scripts/build.sh" b -Dx=1)
    n=$((n + 1))
    if [ "$(cat "$work/calls")" = "$want" ]; then
        echo "ok $n - $desc"
    else
        failed=$((failed + 1))
        echo "not ok $n - $desc"
        sed 's/^/# called: /' "$work/calls"
        printf '# wanted: %s\n' "$@"
    fi
}

mkdir "$work/b"
check "a new build directory is set up, then built" \
    "meson setup b -Dx=1" "ninja -C b"
touch "$work/b/build.ninja"
check "an existing build directory is reconfigured with the options, then built" \
    "meson setup --reconfigure b -Dx=1" "ninja -C b"

echo "1..$n"
[ $failed = 0 ]
