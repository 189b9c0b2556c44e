#!/usr/bin/env bash
# The demo: installs dependencies, builds tidemark, and builds a
# checkpoint tree through the virsh-compatible CLI on test:///default —
# the same commands, output and errors as Debian's virsh — then shows the
# XML layer and the speed against libvirt 9.0.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh
bash scripts/build.sh build

tm=build/tools/tidemark
step() { printf '\n=== %s\n' "$*"; }

# A branch taken off "base", restored with REDEFINE (plain creates always
# chain onto the current checkpoint, exactly as in libvirt).
cat > build/demo-hotfix.xml <<XML
<domaincheckpoint>
  <name>hotfix</name>
  <description>branch restored from a saved definition</description>
  <parent><name>base</name></parent>
  <creationTime>$(date +%s)</creationTime>
</domaincheckpoint>
XML

step "A checkpoint tree through the CLI (one process: test:///default lives in it)"
$tm -c test:///default "
  checkpoint-create-as test base --description 'after OS install';
  checkpoint-create-as test mon;
  checkpoint-create-as test tue --diskspec vda,checkpoint=bitmap,bitmap=tue-vda;
  checkpoint-create test --xmlfile build/demo-hotfix.xml --redefine;
  checkpoint-create-as test wed;
  checkpoint-list test --tree;
  checkpoint-list test --parent --topological;
  checkpoint-info test base;
  checkpoint-dumpxml test tue --no-domain;
  checkpoint-delete test mon;
  checkpoint-list test --tree;
  checkpoint-parent test tue"

step "Errors are virsh's, word for word"
$tm -c test:///default "checkpoint-create-as test ../escape" || true
$tm -c test:///default "checkpoint-parent test nosuch" || true
$tm -c test:///default "checkpoint-create-as test x; checkpoint-delete test x --children --children-only" || true

step "The XML layer offline: a request aligned with a 4-disk domain"
build/tools/tidemark-xml checkpoint tests/checkpointxml2xml/in/sample.xml \
    --domain tests/checkpointxml2xml/domains/multi.xml --no-domain

step "Speed against libvirt 9.0 (same run)"
bash bench/run-xml.sh | tail -3
