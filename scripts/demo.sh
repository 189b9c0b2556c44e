#!/usr/bin/env bash
# The demo: installs dependencies, builds tidemark, and shows a checkpoint
# going through tidemark's XML layer exactly as libvirt 9.0 would store
# it — defaults filled in, disks aligned with the domain, bad input
# refused with libvirt's error.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh
bash scripts/build.sh build

xml=build/tools/tidemark-xml
fx=tests/checkpointxml2xml
step() { printf '\n=== %s\n' "$*"; }

step "A domain with four disks (vda, vdb writable; hdc cdrom; hdd empty cdrom)"
grep -E "<name>|<target dev" "$fx/domains/multi.xml"

step "Checkpoint request: bitmap on vda, nothing on vdb"
cat "$fx/in/sample.xml"

step "As stored: one line per domain disk, defaults filled in"
$xml checkpoint "$fx/in/sample.xml" --domain "$fx/domains/multi.xml" --no-domain

step "A request without <disks>: every writable disk gets a bitmap"
echo "<domaincheckpoint><name>nightly</name></domaincheckpoint>" > build/demo-nightly.xml
$xml checkpoint build/demo-nightly.xml --domain "$fx/domains/multi.xml" --no-domain

step "REDEFINE keeps name, time, parent and the embedded domain (first lines)"
$xml checkpoint "$fx/out/redefine-domain.xml" --domain "$fx/domains/test.xml" --redefine | head -14

step "Bad input is refused with libvirt's error"
for bad in name-invalid disk-unknown redefine-wrong-uuid; do
    mode=""
    [ "$bad" = redefine-wrong-uuid ] && mode=--redefine
    echo "--- $bad: $(tr -d '\n' < "$fx/in/$bad.xml" | cut -c1-90)"
    $xml checkpoint "$fx/in/$bad.xml" --domain "$fx/domains/test.xml" $mode 2>&1 || true
done

step "Speed: parse + validate + align + format of a checkpoint with its domain"
build/bench/xml 5000 | tail -1
