#!/bin/sh
# Stands in for a test whose reference tool was missing when meson
# configured the build directory: the test fails, saying what is missing,
# instead of the tier vanishing from the run.
#
# usage: missing-tool.sh WHAT
echo "Bail out! $1 was missing when meson configured this build directory:" \
     "install it (bash scripts/deps.sh) and reconfigure" \
     "(meson setup --reconfigure BUILDDIR, or bash scripts/build.sh BUILDDIR)"
exit 1
