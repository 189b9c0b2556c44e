#!/bin/sh
# The schema test: every fixture that libvirt accepted (the inputs of
# valid cases and every expected output) must validate against
# tidemark's own schema for its kind. Two kinds of fixture are left out
# on purpose: inputs named *-novalidate* (libvirt accepts them only
# because it skips validation without the VALIDATE flag) and
# out-tidemark/ files (unknown elements tidemark keeps but that the
# schema, like libvirt's, refuses under VALIDATE), and the expected
# outputs of backup jobs (see below). TAP output.
#   tests/schema-fixtures.sh SOURCE-DIR
top=$1
n=0
failed=0
check() { # schema file
    n=$((n + 1))
    if out=$(xmllint --noout --relaxng "$top/schemas/$1" "$2" 2>&1); then
        echo "ok $n - $(basename "$(dirname "$(dirname "$2")")")/$(basename "$(dirname "$2")")/$(basename "$2")"
    else
        failed=$((failed + 1))
        echo "not ok $n - $2"
        echo "$out" | sed 's/^/# /'
    fi
}
cases() { # list file: first column of non-comment lines
    grep -v '^[[:space:]]*#' "$1" | awk 'NF { print $1 }'
}
for kind in backup checkpoint snapshot domain; do
    dir=$top/tests/${kind}xml2xml
    case $kind in
        backup) schema=domainbackup.rng ;;
        checkpoint) schema=domaincheckpoint.rng ;;
        snapshot) schema=domainsnapshot.rng ;;
        domain) schema=domain.rng ;;
    esac
    # a running backup job's XML carries index=, which libvirt prints but
    # its schema (and ours) refuses on input: only backup inputs are checked
    [ $kind = backup ] || for f in "$dir"/out/*.xml; do
        [ -e "$f" ] && check $schema "$f"
    done
    for c in $(cases "$dir/cases.txt"); do
        case $c in *novalidate*) continue ;; esac
        check $schema "$dir/in/$c.xml"
    done
    if [ -d "$dir/domains" ]; then
        for f in "$dir"/domains/*.xml; do
            check domain.rng "$f"
        done
    fi
done
echo "1..$n"
[ "$failed" -eq 0 ]
