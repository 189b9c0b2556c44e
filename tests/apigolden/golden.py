#!/usr/bin/python3
"""Runs an API scenario through python3-libvirt against Debian's libvirt
9.0 and prints its transcript, in the same format as golden.c prints
tidemark's. See README.md.

  /usr/bin/python3 tests/apigolden/golden.py SCENARIO.scn

With GOLDEN_SOCKET set, every URI a scenario opens goes over the wire
to the daemon listening there: DRIVER:///PATH becomes
DRIVER+unix:///PATH?socket=GOLDEN_SOCKET (tests/daemon/apigolden.sh
runs the scenarios so against tidemarkd and against libvirtd)."""
import os
import sys

import libvirt

libvirt.registerErrorHandler(lambda *a: None, None)

conn = None
held = {}
keep_open = False
scenario_dir = None


def flags(text):
    value = 0
    for part in text.split("|"):
        if part[:1].isdigit():
            value |= int(part, 0)
        else:
            value |= getattr(libvirt, part)
    return value


def ok(*details):
    print(" ".join(["ok"] + [str(d) for d in details]))


def error(e):
    print(f"error code={e.get_error_code()} domain={e.get_error_domain()}: "
          f"{e.get_error_message() or ''}")


def text_arg(text):
    if text and text.startswith("@"):
        with open(os.path.join(scenario_dir, text[1:])) as f:
            return f.read()
    return text or ""


def names(objs, keep_order):
    n = [o.name() if isinstance(o, libvirt.virDomain) else o.getName() for o in objs]
    if not keep_order:
        n.sort()
    ok(len(n), *n)


def wire_uri(uri):
    """URI through the daemon on GOLDEN_SOCKET, if set."""
    sock = os.environ.get("GOLDEN_SOCKET")
    if not sock:
        return uri
    driver, rest = uri.split("://", 1)
    return f"{driver}+unix://{rest}{'&' if '?' in rest else '?'}socket={sock}"


def op_open(argv, text):
    global conn
    held.clear()
    if conn:
        conn.close()
        conn = None
    uri = wire_uri(argv[1].replace("$DIR", scenario_dir))
    conn = libvirt.openReadOnly(uri) if argv[0] == "open-ro" else libvirt.open(uri)
    ok()


def op_keep_open(argv, text):
    """libvirt 9.0 crashes (double free) when it closes a test driver
    whose node file had snapshots: leave the process without closing."""
    global keep_open
    keep_open = True
    ok()


def dom(name):
    return conn.lookupByName(name)


def dom_list(argv, text):
    names(conn.listAllDomains(flags(argv[1])), False)


def dom_xml(argv, text):
    ok("\n" + dom(argv[1]).XMLDesc(flags(argv[2])))


def dom_state(argv, text):
    st = dom(argv[1]).state(0)
    ok(st[0], st[1])


def dom_info(argv, text):
    i = dom(argv[1]).info()
    ok(i[0], i[1], i[2], i[3])


def dom_define(argv, text):
    ok(conn.defineXMLFlags(text_arg(text), flags(argv[1])).name())


def action(method):
    def run(argv, text):
        d = dom(argv[1])
        getattr(d, method)(flags(argv[2]))
        ok(f"id={d.ID()}")
    return run


def dom_active(argv, text):
    ok(dom(argv[1]).isActive())


def dom_persistent(argv, text):
    ok(dom(argv[1]).isPersistent())


def dom_hold(argv, text):
    held[argv[1]] = dom(argv[2])
    ok()


def dom_arg(arg):
    """A domain name, or =VAR for a handle kept by dom-hold."""
    return held[arg[1:]] if arg.startswith("=") else dom(arg)


def dom_os_type(argv, text):
    ok(dom_arg(argv[1]).OSType())


def dom_autostart(argv, text):
    ok(dom_arg(argv[1]).autostart())


def dom_managed_save(argv, text):
    ok(dom_arg(argv[1]).hasManagedSaveImage(flags(argv[2])))


def dom_seclabel(argv, text):
    label, enforcing = dom_arg(argv[1]).securityLabel()
    ok(f"[{label}]", int(enforcing))


def dom_messages(argv, text):
    msgs = dom_arg(argv[1]).messages(flags(argv[2]))
    ok(len(msgs))
    for m in msgs:
        print("  " + m)


def node_secmodel(argv, text):
    model, doi = conn.getSecurityModel()
    ok(f"[{model}]", f"[{doi}]")


def conn_info(argv, text):
    ok(conn.getType(), conn.getVersion(), conn.getLibVersion(), conn.getHostname())


def keepalive(argv, text):
    ok(conn.setKeepAlive(int(argv[1]), int(argv[2])))


def lookup(domname, name):
    return dom(domname).checkpointLookupByName(name, 0)


def cp_create(argv, text):
    ok(dom(argv[1]).checkpointCreateXML(text_arg(text), flags(argv[2])).getName())


def cp_list(argv, text):
    f = flags(argv[2])
    names(dom(argv[1]).listAllCheckpoints(f), f & libvirt.VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL)


def children(cp, flagtext):
    f = flags(flagtext)
    names(cp.listAllChildren(f), f & libvirt.VIR_DOMAIN_CHECKPOINT_LIST_TOPOLOGICAL)


def cp_children(argv, text):
    children(lookup(argv[1], argv[2]), argv[3])


def cp_lookup(argv, text):
    ok(dom(argv[1]).checkpointLookupByName(argv[2], flags(argv[3])).getName())


def cp_parent(argv, text):
    ok(lookup(argv[1], argv[2]).getParent(flags(argv[3])).getName())


def cp_xml(argv, text):
    ok("\n" + lookup(argv[1], argv[2]).getXMLDesc(flags(argv[3])))


def cp_delete(argv, text):
    lookup(argv[1], argv[2]).delete(flags(argv[3]))
    ok()


def cp_hold(argv, text):
    held[argv[1]] = lookup(argv[2], argv[3])
    ok()


def held_xml(argv, text):
    ok("\n" + held[argv[1]].getXMLDesc(flags(argv[2])))


def held_delete(argv, text):
    held[argv[1]].delete(flags(argv[2]))
    ok()


def held_parent(argv, text):
    ok(held[argv[1]].getParent(flags(argv[2])).getName())


def held_children(argv, text):
    children(held[argv[1]], argv[2])


OPS = {
    "open": op_open, "open-ro": op_open, "keep-open": op_keep_open,
    "dom-list": dom_list, "dom-xml": dom_xml, "dom-state": dom_state,
    "dom-info": dom_info, "dom-define": dom_define,
    "dom-undefine": action("undefineFlags"), "dom-start": action("createWithFlags"),
    "dom-destroy": action("destroyFlags"), "dom-shutdown": action("shutdownFlags"),
    "dom-active": dom_active, "dom-persistent": dom_persistent,
    "dom-hold": dom_hold, "dom-os-type": dom_os_type,
    "dom-autostart": dom_autostart, "dom-managed-save": dom_managed_save,
    "dom-seclabel": dom_seclabel, "dom-messages": dom_messages,
    "node-secmodel": node_secmodel, "conn-info": conn_info, "keepalive": keepalive,
    "cp-create": cp_create, "cp-list": cp_list, "cp-children": cp_children,
    "cp-lookup": cp_lookup, "cp-parent": cp_parent, "cp-xml": cp_xml,
    "cp-delete": cp_delete, "cp-hold": cp_hold, "held-cp-xml": held_xml,
    "held-cp-delete": held_delete, "held-cp-parent": held_parent,
    "held-cp-children": held_children,
}

def load_extra_ops():
    """The ops of golden_snapshot.py, golden_job.py and golden_event.py."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import golden_event
    import golden_job
    import golden_snapshot
    me = sys.modules[__name__]
    OPS.update(golden_snapshot.ops(me))
    OPS.update(golden_job.ops(me))
    OPS.update(golden_event.ops(me))


def main():
    global scenario_dir
    path = sys.argv[1]
    scenario_dir = os.path.dirname(os.path.abspath(path))
    for raw in open(path):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        print("> " + line)
        if os.environ.get("GOLDEN_ROOT"):
            line = line.replace("$ROOT", os.environ["GOLDEN_ROOT"])
        text = None
        if " : " in line:
            line, text = line.split(" : ", 1)
        argv = line.split()
        op = OPS.get(argv[0])
        if not op:
            print("error: unknown op " + argv[0])
            continue
        try:
            op(argv, text)
        except libvirt.libvirtError as e:
            error(e)
    sys.stdout.flush()
    if keep_open:
        os._exit(0)
    held.clear()
    if conn:
        conn.close()


load_extra_ops()
main()
