#!/usr/bin/env bash
# Installs the build into a temporary DESTDIR and uses it the way a user
# of the installed package would: the files are where they belong, a
# libvirt client builds from outside the tree with
# `pkg-config --cflags --libs tidemark` and prints what the same program
# built against Debian's libvirt 9.0 prints, and the installed CLI
# answers as virsh does. TAP output.
#
#   check-install.sh MESON BUILDDIR SRCROOT PREFIX LIBDIR BINDIR INCLUDEDIR DATADIR SANITIZE CC...
set -uo pipefail

meson=$1 builddir=$2 srcroot=$3 prefix=$4 libdir=$5 bindir=$6 includedir=$7 datadir=$8 sanitize=$9
shift 9
cc=("$@")

# meson gives the directories relative to the prefix unless set absolute
abs() { case $1 in /*) echo "$1" ;; *) echo "$prefix/$1" ;; esac; }
libdir=$(abs "$libdir") bindir=$(abs "$bindir") includedir=$(abs "$includedir")
datadir=$(abs "$datadir")

work=$(mktemp -d "${TMPDIR:-/tmp}/tidemark-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
dest=$work/dest
count=0 failed=0

result() { # result OK NAME [DIAGNOSTIC FILE]
    count=$((count + 1))
    if [ "$1" = 0 ]; then
        echo "ok $count - $2"
    else
        failed=1
        echo "not ok $count - $2"
        [ -n "${3:-}" ] && [ -s "$3" ] && sed 's/^/# /' "$3"
    fi
}

"$meson" install -C "$builddir" --no-rebuild --quiet --destdir "$dest" >"$work/install.log" 2>&1
result $? "meson install --destdir" "$work/install.log"

# every public header, schema, the library, the CLI and tidemark.pc
missing=$work/missing
: >"$missing"
for f in "$srcroot"/include/tidemark/*.h; do
    [ -f "$dest$includedir/tidemark/${f##*/}" ] || echo "$includedir/tidemark/${f##*/}" >>"$missing"
done
for f in "$srcroot"/schemas/*.rng; do
    [ -f "$dest$datadir/tidemark/schemas/${f##*/}" ] || echo "$datadir/tidemark/schemas/${f##*/}" >>"$missing"
done
for f in "$libdir/libtidemark.so" "$libdir/libtidemark.so.0" "$libdir/pkgconfig/tidemark.pc" \
         "$bindir/tidemark"; do
    [ -e "$dest$f" ] || echo "$f" >>"$missing"
done
[ ! -s "$missing" ]
result $? "installed: headers, schemas, library, pkg-config file, CLI" "$missing"

# a client program, built where no source tree is in sight
mkdir -p "$work/client"
cp "$srcroot/tests/install/client.c" "$work/client/"
cd "$work/client" || exit 1
export PKG_CONFIG_PATH=$dest$libdir/pkgconfig PKG_CONFIG_LIBDIR=$dest$libdir/pkgconfig
export PKG_CONFIG_SYSROOT_DIR=$dest
flags=$(pkg-config --cflags --libs tidemark 2>"$work/pc.err")
result $? "pkg-config --cflags --libs tidemark: $flags" "$work/pc.err"
ok=1
case " $flags " in *" -I$dest$includedir "*)
    case " $flags " in *" -L$dest$libdir "*) ok=0 ;; esac ;;
esac
result $ok "the flags point into DESTDIR"

# a client of a sanitized library is built with the same sanitizers
san=()
[ "$sanitize" != none ] && san=("-fsanitize=$sanitize")
# shellcheck disable=SC2086 # pkg-config output is a list of words
"${cc[@]}" -std=gnu11 -Wall -Wextra -Werror "${san[@]}" client.c $flags -o client-tidemark \
    >"$work/cc.log" 2>&1
result $? "client.c builds against the installed tidemark" "$work/cc.log"

unset PKG_CONFIG_PATH PKG_CONFIG_LIBDIR PKG_CONFIG_SYSROOT_DIR
export LD_LIBRARY_PATH=$dest$libdir
export TIDEMARK_SCHEMA_DIR=$dest$datadir/tidemark/schemas
LD_TRACE_LOADED_OBJECTS=1 ./client-tidemark >"$work/ldd.txt" 2>&1
grep -q "libtidemark.so.0 => $dest$libdir/libtidemark.so.0" "$work/ldd.txt"
result $? "the client loads libtidemark.so.0 from DESTDIR" "$work/ldd.txt"

./client-tidemark >tidemark.out 2>"$work/client.err"
result $? "the client runs" "$work/client.err"
grep -q "Unable to validate doc against $TIDEMARK_SCHEMA_DIR/domaincheckpoint.rng" tidemark.out
result $? "the client validates with the installed schemas" tidemark.out

# the same program against libvirt 9.0 is the expected output
libvirt_flags=$(pkg-config --cflags --libs libvirt 2>"$work/pc-libvirt.err")
result $? "pkg-config --cflags --libs libvirt (libvirt-dev)" "$work/pc-libvirt.err"
# shellcheck disable=SC2086
"${cc[@]}" -std=gnu11 -Wall -Wextra -Werror -DTM_USE_LIBVIRT client.c $libvirt_flags \
    -o client-libvirt >"$work/cc-libvirt.log" 2>&1
result $? "client.c builds against libvirt" "$work/cc-libvirt.log"
env -u LD_LIBRARY_PATH ./client-libvirt >libvirt.out 2>"$work/client-libvirt.err"
result $? "the libvirt client runs" "$work/client-libvirt.err"
mask() {
    sed -E -e 's|<creationTime>[0-9]+</creationTime>|<creationTime>T</creationTime>|' \
        -e 's|(Unable to validate doc against )/.*/|\1SCHEMADIR/|' "$1"
}
diff -u <(mask libvirt.out) <(mask tidemark.out) >"$work/diff" 2>&1
result $? "the installed tidemark prints what libvirt prints" "$work/diff"

# the installed CLI, against virsh
cmds='checkpoint-create-as test c1 --description "from the installed CLI"; checkpoint-list test --name; checkpoint-dumpxml test c1 --no-domain'
"$dest$bindir/tidemark" -c test:///default "$cmds" >cli-tidemark.out 2>&1
echo "exit $?" >>cli-tidemark.out
env -u LD_LIBRARY_PATH virsh -c test:///default "$cmds" >cli-virsh.out 2>&1
echo "exit $?" >>cli-virsh.out
diff -u <(mask cli-virsh.out) <(mask cli-tidemark.out) >"$work/diff-cli" 2>&1
result $? "the installed CLI prints what virsh prints" "$work/diff-cli"

echo "1..$count"
exit $failed
