#!/bin/bash
# tests/daemon/tls.sh: TLS with x509 certificates, tidemarkd against
# Debian's libvirtd
#
# SPDX-License-Identifier: LGPL-2.1-or-later
#
#   tls.sh TIDEMARKD TIDEMARK SRCROOT
#
# certtool makes a CA, a server certificate for 127.0.0.1 (CN and IP
# SAN), a client certificate whose DN is on tls_allowed_dn_list, one
# whose DN is not, one signed by another CA and one the CA revoked (in
# crl_file). tidemarkd --listen and libvirtd --listen get the same
# configuration on two free ports; Debian's virsh and python3-libvirt,
# and tidemark's own CLI, connect to both with
# test+tls://127.0.0.1:PORT/default?pkipath=DIR. Everything a client
# prints must be the same through both daemons, refusals included, and
# tidemarkd must refuse before it has read a single call.
set -u

TIDEMARKD=$1
TIDEMARK=$(realpath "$2")
. "$(dirname "$0")/daemonlib.sh"
dm_begin "$TIDEMARKD" "$3"

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; }

if ! command -v certtool >/dev/null 2>&1; then
    echo "Bail out! certtool is not installed (gnutls-bin): install it (bash scripts/deps.sh)"
    exit 1
fi

# ---- the certificates ----
PKI=$DM_DIR/pki
mkdir -p "$PKI"
template() { printf '%s\n' "${@:2}" >"$PKI/$1.info"; }
gen_ca() {
    certtool --generate-privkey --bits 2048 --outfile "$PKI/$1-key.pem" 2>/dev/null &&
    template "$1" "cn = $2" ca cert_signing_key crl_signing_key 'expiration_days = 30' &&
    certtool --generate-self-signed --load-privkey "$PKI/$1-key.pem" \
        --template "$PKI/$1.info" --outfile "$PKI/$1.pem" 2>/dev/null
}
# gen_cert NAME CA TEMPLATE-LINE...
gen_cert() {
    local name=$1 ca=$2
    certtool --generate-privkey --bits 2048 --outfile "$PKI/$name-key.pem" 2>/dev/null &&
    template "$name" "${@:3}" 'expiration_days = 30' encryption_key signing_key &&
    certtool --generate-certificate --load-privkey "$PKI/$name-key.pem" \
        --load-ca-certificate "$PKI/$ca.pem" --load-ca-privkey "$PKI/$ca-key.pem" \
        --template "$PKI/$name.info" --outfile "$PKI/$name.pem" 2>/dev/null
}
# a client's pkipath: DIR/cacert.pem, clientcert.pem, clientkey.pem
client_dir() {
    mkdir -p "$PKI/$1" && cp "$PKI/ca.pem" "$PKI/$1/cacert.pem" &&
    cp "$PKI/$1.pem" "$PKI/$1/clientcert.pem" && cp "$PKI/$1-key.pem" "$PKI/$1/clientkey.pem"
}
if gen_ca ca 'Tidemark Test CA' && gen_ca other-ca 'Another CA' &&
    gen_cert server ca 'organization = Tidemark Test' 'cn = 127.0.0.1' \
        'ip_address = 127.0.0.1' tls_www_server &&
    gen_cert allowed ca 'country = GB' 'organization = Tidemark Test' 'cn = allowed' tls_www_client &&
    gen_cert denied ca 'country = GB' 'organization = Elsewhere' 'cn = denied' tls_www_client &&
    gen_cert revoked ca 'country = GB' 'organization = Tidemark Test' 'cn = allowed-once' \
        tls_www_client &&
    gen_cert stranger other-ca 'country = GB' 'organization = Tidemark Test' 'cn = allowed' \
        tls_www_client &&
    template crl 'crl_next_update = 30' 'crl_number = 1' &&
    certtool --generate-crl --load-ca-privkey "$PKI/ca-key.pem" --load-ca-certificate "$PKI/ca.pem" \
        --load-certificate "$PKI/revoked.pem" --template "$PKI/crl.info" \
        --outfile "$PKI/crl.pem" 2>/dev/null &&
    client_dir allowed && client_dir denied && client_dir revoked && client_dir stranger &&
    mkdir -p "$PKI/nocert" && cp "$PKI/ca.pem" "$PKI/nocert/cacert.pem"; then
    ok "certtool made the CA, the CRL, the server and four client certificates"
else
    echo "Bail out! certtool failed"
    exit 1
fi

# ---- the daemons, on two free ports, with the same configuration ----
read -r TM_PORT LV_PORT OFF_PORT < <(/usr/bin/python3 -c '
import socket
socks = [socket.socket() for _ in range(3)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in socks])')

tls_conf() {
    cat <<EOF
listen_tls = 1
listen_tcp = 0
auth_tls = "none"
listen_addr = "127.0.0.1"
tls_port = "$1"
ca_file = "$PKI/ca.pem"
crl_file = "$PKI/crl.pem"
cert_file = "$PKI/server.pem"
key_file = "$PKI/server-key.pem"
tls_allowed_dn_list = ["C=GB,O=Tidemark Test,CN=allow*",
                       "CN=nobody"]
EOF
}

# wait_port PID PORT LOG: until PORT accepts, up to 20 s
wait_port() {
    local i
    for i in $(seq 200); do
        (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null && return 0
        if ! kill -0 "$1" 2>/dev/null; then
            echo "Bail out! the daemon for port $2 exited at start:"
            sed 's/^/# /' "$3"
            exit 1
        fi
        sleep 0.1
    done
    echo "Bail out! nothing listens on port $2 after 20 s"
    exit 1
}

DM_EXTRA_CONF=$(tls_conf "$TM_PORT") dm_start_tidemarkd tm --listen --verbose
wait_port "${DM_PID_OF[tm]}" "$TM_PORT" "$DM_DIR/tm/log"
DM_EXTRA_CONF=$(tls_conf "$LV_PORT") dm_start_libvirtd lv --listen
wait_port "${DM_PIDS[-1]}" "$LV_PORT" "$DM_DIR/lv/log"
# the same TLS keys without --listen: libvirtd's rule, nothing on TCP
DM_EXTRA_CONF=$(tls_conf "$OFF_PORT") dm_start_tidemarkd off

uri() { printf 'test+tls://%s:%s/default?pkipath=%s%s' "${4:-127.0.0.1}" "$1" "$PKI/$2" "${3:-}"; }

# The client library's own log lines (virsh prints its warnings) carry
# a time and a thread id, checkpoints their creation time: masked,
# nothing else.
mask() {
    sed -E -e 's/^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]+\+[0-9]{4}: [0-9]+: /TIME: TID: /' \
        -e 's|<creationTime>[0-9]+</creationTime>|<creationTime>TIME</creationTime>|'
}

# compare WHAT CMD...: runs CMD with @PORT@ replaced by each daemon's
# port; stdout, stderr (masked) and the exit status must be the same.
compare() {
    local what=$1 out_tm out_lv
    shift
    out_tm=$("${@//@PORT@/$TM_PORT}" 2>&1 | mask; echo "exit ${PIPESTATUS[0]}")
    out_lv=$("${@//@PORT@/$LV_PORT}" 2>&1 | mask; echo "exit ${PIPESTATUS[0]}")
    if [ "$out_tm" = "$out_lv" ]; then
        ok "$what"
        printf '%s\n' "$out_tm" | sed 's/^/#   /'
    else
        not_ok "$what"
        diff <(printf '%s\n' "$out_lv") <(printf '%s\n' "$out_tm") | sed 's/^/# /'
    fi
    LAST_OUTPUT=$out_tm
}

calls_read() { grep -c 'prog 0x20008086' "$DM_DIR/tm/log"; }

# ---- an allowed client ----
compare "virsh list through TLS" \
    timeout 60 virsh -c "$(uri @PORT@ allowed)" list --all
compare "virsh checkpoint-create-as and checkpoint-list in one session" \
    timeout 60 virsh -c "$(uri @PORT@ allowed)" \
    'checkpoint-create-as test c1 --description tls; checkpoint-create-as test c2; checkpoint-list test --name --topological; checkpoint-dumpxml test c2 --no-domain'
cat >"$DM_DIR/client.py" <<'EOF'
import sys
import libvirt

libvirt.registerErrorHandler(lambda ctx, err: None, None)
try:
    conn = libvirt.open(sys.argv[1])
except libvirt.libvirtError as e:
    print("open failed:", e.get_error_code(), e.get_error_domain(), e.get_error_message())
    sys.exit(1)
print("domains", [d.name() for d in conn.listAllDomains()])
print("encrypted", conn.isEncrypted(), "secure", conn.isSecure())
dom = conn.lookupByName("test")
cp = dom.checkpointCreateXML("<domaincheckpoint><name>py</name></domaincheckpoint>")
print("checkpoints", sorted(c.getName() for c in dom.listAllCheckpoints()))
print("parent-less", cp.getName(), cp.getXMLDesc().count("<parent>"))
try:
    dom.checkpointLookupByName("nope")
except libvirt.libvirtError as e:
    print("error", e.get_error_code(), e.get_error_domain(), e.get_error_message())
conn.close()
EOF
compare "python3-libvirt: list, encrypted, checkpoint create/list, an error reply" \
    timeout 60 /usr/bin/python3 "$DM_DIR/client.py" "$(uri @PORT@ allowed)"
compare "the server certificate against another name than its own, with no_verify=1" \
    timeout 60 virsh -c "$(uri @PORT@ allowed '&no_verify=1' localhost)" list --name

# ---- refused clients: same error on both, and no call read ----
before=$(calls_read)
compare "a client whose DN is not on tls_allowed_dn_list is refused" \
    timeout 60 virsh -c "$(uri @PORT@ denied)" list
case $LAST_OUTPUT in
    *"Unable to read TLS confirmation"*) ok "… at the TLS confirmation, before any call" ;;
    *) not_ok "… at the TLS confirmation, before any call" ;;
esac
# (gnutls' client offers only a certificate of a CA the server names:
# it connects without one, and the server finds none)
compare "a client certificate of another CA is refused (no_sanity=1 tries it)" \
    timeout 60 virsh -c "$(uri @PORT@ stranger '&no_sanity=1')" list
compare "a client certificate of another CA: the client's own sanity check" \
    timeout 60 virsh -c "$(uri @PORT@ stranger)" list
compare "a revoked client certificate (crl_file) is refused" \
    timeout 60 virsh -c "$(uri @PORT@ revoked)" list
compare "a client without a certificate is refused" \
    timeout 60 virsh -c "$(uri @PORT@ nocert)" list
compare "python3-libvirt with a refused DN: the same error" \
    timeout 60 /usr/bin/python3 "$DM_DIR/client.py" "$(uri @PORT@ denied)"
compare "a server certificate not issued for the host name is refused by the client" \
    timeout 60 virsh -c "$(uri @PORT@ allowed '' localhost)" list
after=$(calls_read)
if [ "$before" = "$after" ] && grep -q "Client's Distinguished Name is not on the list" "$DM_DIR/tm/log" &&
    grep -q "The certificate has been revoked" "$DM_DIR/tm/log" &&
    grep -q "No certificate was found" "$DM_DIR/tm/log"; then
    ok "tidemarkd read no call from a refused client and logged why it refused each"
else
    not_ok "tidemarkd read no call from a refused client and logged why it refused each"
    echo "# calls read before $before, after $after; its log:"
    tail -20 "$DM_DIR/tm/log" | sed 's/^/# /'
fi

# ---- garbage, a dropped handshake, and calls in flight over TLS ----
cat >"$DM_DIR/load.py" <<'EOF'
import socket
import sys
import threading
import libvirt

port = int(sys.argv[2])
# not TLS at all; a connection that says nothing; half a ClientHello
for payload in (b"\x00\x00\x00\x1c" + b"garbage!" * 16, b"", b"\x16\x03\x01\x02\x00\x01"):
    s = socket.create_connection(("127.0.0.1", port))
    if payload:
        s.sendall(payload)
    s.close()

libvirt.registerErrorHandler(lambda ctx, err: None, None)
conn = libvirt.open(sys.argv[1])
errors = []

def worker():
    try:
        for _ in range(100):
            dom = conn.lookupByName("test")
            if "<name>test</name>" not in dom.XMLDesc(0):
                errors.append("bad XML")
    except libvirt.libvirtError as e:
        errors.append(str(e))

threads = [threading.Thread(target=worker) for _ in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("8 threads x 100 lookups + XML on one connection:", len(errors), "errors", errors[:3])
conn.close()
EOF
compare "garbage and dropped handshakes leave the daemon serving; 8 threads' calls in flight on one TLS connection" \
    timeout 120 /usr/bin/python3 "$DM_DIR/load.py" "$(uri @PORT@ allowed)" @PORT@

# ---- tidemark's own CLI (the remote driver's TLS) ----
expect_same() {
    local what=$1 want=$2 got=$3
    if [ "$want" = "$got" ]; then
        ok "$what"
    else
        not_ok "$what"
        diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") | sed 's/^/# /'
    fi
}
for port in "$TM_PORT" "$LV_PORT"; do
    daemon=tidemarkd
    [ "$port" = "$LV_PORT" ] && daemon=libvirtd
    want=$(timeout 60 virsh -c "$(uri "$LV_PORT" allowed)" \
        'checkpoint-create-as test c1; checkpoint-list test --name; list --all' 2>&1; echo "exit $?")
    got=$(timeout 60 "$TIDEMARK" -c "$(uri "$port" allowed)" \
        'checkpoint-create-as test c1; checkpoint-list test --name; list --all' 2>&1; echo "exit $?")
    expect_same "tidemark -c test+tls:// through $daemon: as virsh through libvirtd" "$want" "$got"
    for who in denied stranger nocert; do
        extra=
        [ "$who" = stranger ] && extra='&no_sanity=1'
        want=$(timeout 60 virsh -c "$(uri "$LV_PORT" "$who" "$extra")" list 2>&1; echo "exit $?")
        got=$(timeout 60 "$TIDEMARK" -c "$(uri "$port" "$who" "$extra")" list 2>&1; echo "exit $?")
        expect_same "tidemark refused by $daemon ($who$extra): virsh's error" "$want" "$got"
    done
done
want=$(timeout 60 virsh -c "$(uri "$OFF_PORT" allowed)" list 2>&1; echo "exit $?")
got=$(timeout 60 "$TIDEMARK" -c "$(uri "$OFF_PORT" allowed)" list 2>&1; echo "exit $?")
case $want in
    *"unable to connect to server at '127.0.0.1:$OFF_PORT': Connection refused"*)
        expect_same "without --listen, listen_tls does not listen (as libvirtd): virsh's error" \
            "$want" "$got" ;;
    *) not_ok "without --listen, listen_tls does not listen"; printf '%s\n' "$want" | sed 's/^/# /' ;;
esac

# ---- a configuration libvirtd refuses is refused ----
bad=$DM_DIR/bad.conf
printf 'cert_file = "%s"\nkey_file = "%s"\nunix_sock_dir = "%s"\n' "$PKI/server.pem" \
    "$PKI/server-key.pem" "$DM_DIR/bad" >"$bad"
out=$(timeout 20 "$TIDEMARKD" -f "$bad" -p "$DM_DIR/bad.pid" --listen 2>&1)
rc=$?
if [ "$rc" != 0 ] && [ "$out" = "tidemarkd: No CA certificate path set to match server key/cert" ]; then
    ok "--listen with a certificate but no CA: libvirtd's error, no start"
else
    not_ok "--listen with a certificate but no CA: libvirtd's error, no start"
    echo "# exit $rc: $out"
fi

dm_stop_checked tm $((n + 1)) || failed=1
n=$((n + 1))
dm_stop_checked off $((n + 1)) || failed=1
n=$((n + 1))
echo "1..$n"
exit $failed
