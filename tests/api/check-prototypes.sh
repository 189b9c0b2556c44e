#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Compare our public API with libvirt 9.0's (TAP output).
#
# usage: check-prototypes.sh OURS.aux LIBVIRT.aux LAYOUT-OURS LAYOUT-LIBVIRT
#
# The .aux files are gcc -aux-info output for a file including our umbrella
# header and one including <libvirt/libvirt.h>; the build makes them.  One
# test per function declared in include/tidemark/: libvirt must declare it,
# with the same prototype (same type spellings, typedef names included).
# The last test compares the struct-layout program built both ways.  With no
# libvirt headers the build passes "" for the libvirt arguments: the test
# fails, saying so (a comparison never silently vanishes).

set -eu

ours_aux=$1 libvirt_aux=$2 layout_ours=$3 layout_libvirt=$4

if [ -z "$libvirt_aux" ]; then
    echo "Bail out! libvirt/libvirt.h (libvirt-dev) was missing when meson" \
         "configured this build directory: install it (bash scripts/deps.sh)" \
         "and reconfigure"
    exit 1
fi

# Print "NAME<TAB>PROTOTYPE" for each function declared in a header whose
# path matches $2; the file:line comment and "extern" are dropped and blanks
# squeezed.
protos() {
    sed -n -E "s@^/\\* [^ ]*$2[a-z-]+\\.h:[0-9]+:[A-Z]+ \\*/ (extern )?@@p" "$1" |
        tr -s ' \t' '  ' |
        awk '{ match($0, /[A-Za-z_][A-Za-z0-9_]* \(/)
               print substr($0, RSTART, RLENGTH - 2) "\t" $0 }'
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# tidemark-extensions.h is tidemark's own API: not compared with libvirt,
# but every name in it must carry the tidemark prefix (checked below).
protos "$ours_aux" /tidemark/ | grep -v '^tidemark' | sort -u >"$tmp/ours"
protos "$ours_aux" /tidemark/tidemark-ext | cut -f1 | sort -u >"$tmp/extensions"
protos "$libvirt_aux" /libvirt/ | sort -u >"$tmp/libvirt"
"$layout_ours" >"$tmp/layout-ours"
"$layout_libvirt" >"$tmp/layout-libvirt"

if [ ! -s "$tmp/ours" ] || [ ! -s "$tmp/libvirt" ]; then
    printf '1..1\nnot ok 1 - -aux-info output lists prototypes\n'
    exit 0
fi

awk -F '\t' -v extfile="$tmp/extensions" -v layout_ok="$(cmp -s "$tmp/layout-ours" "$tmp/layout-libvirt" && echo 1)" '
    NR == FNR { lv[$1] = $2; next }
    { n++
      if (!($1 in lv))
          out = out sprintf("not ok %d - %s\n# libvirt has no %s\n", n, $1, $1)
      else if (lv[$1] != $2)
          out = out sprintf("not ok %d - %s\n# ours:    %s\n# libvirt: %s\n",
                            n, $1, $2, lv[$1])
      else
          out = out sprintf("ok %d - %s matches libvirt\n", n, $1) }
    END { while ((getline ext < extfile) > 0) {
              n++
              if (ext ~ /^tidemark[A-Z]/ && !(ext in lv))
                  out = out sprintf("ok %d - %s is tidemark'"'"'s own (not in libvirt)\n", n, ext)
              else
                  out = out sprintf("not ok %d - %s: an extension needs the tidemark prefix and no libvirt namesake\n", n, ext)
          }
          n++
          printf "1..%d\n%s", n, out
          printf "%s %d - struct sizes, offsets and field types match libvirt\n",
                 layout_ok ? "ok" : "not ok", n }
' "$tmp/libvirt" "$tmp/ours"

if ! cmp -s "$tmp/layout-ours" "$tmp/layout-libvirt"; then
    diff "$tmp/layout-libvirt" "$tmp/layout-ours" | sed 's/^/# /'
fi
