"""Snapshot operations of golden.py, the same as ops-snapshot.c: see
that file's header for the list."""

import libvirt


def ops(g):
    def lookup(domname, name):
        return g.dom(domname).snapshotLookupByName(name, 0)

    def print_names(names, keep_order):
        names = list(names)
        if not keep_order:
            names.sort()
        g.ok(len(names), *names)

    def topo(f):
        return f & libvirt.VIR_DOMAIN_SNAPSHOT_LIST_TOPOLOGICAL

    def sn_create(argv, text):
        g.ok(g.dom(argv[1]).snapshotCreateXML(g.text_arg(text), g.flags(argv[2])).getName())

    def sn_num(argv, text):
        g.ok(g.dom(argv[1]).snapshotNum(g.flags(argv[2])))

    def sn_names(argv, text):
        f = g.flags(argv[2])
        print_names(g.dom(argv[1]).snapshotListNames(f), topo(f))

    def sn_list(argv, text):
        f = g.flags(argv[2])
        g.names(g.dom(argv[1]).listAllSnapshots(f), topo(f))

    def sn_has_current(argv, text):
        g.ok(g.dom(argv[1]).hasCurrentSnapshot(g.flags(argv[2])))

    def sn_current(argv, text):
        g.ok(g.dom(argv[1]).snapshotCurrent(g.flags(argv[2])).getName())

    def sn_lookup(argv, text):
        g.ok(g.dom(argv[1]).snapshotLookupByName(argv[2], g.flags(argv[3])).getName())

    def sn_hold(argv, text):
        g.held[argv[1]] = lookup(argv[2], argv[3])
        g.ok()

    def do_parent(snap, f):
        g.ok(snap.getParent(f).getName())

    def do_xml(snap, f):
        g.ok("\n" + snap.getXMLDesc(f))

    def do_num_children(snap, f):
        g.ok(snap.numChildren(f))

    def do_children_names(snap, f):
        print_names(snap.listChildrenNames(f), True)

    def do_children(snap, f):
        g.names(snap.listAllChildren(f), True)

    def do_is_current(snap, f):
        g.ok(snap.isCurrent(f))

    def do_has_metadata(snap, f):
        g.ok(snap.hasMetadata(f))

    def do_revert(snap, f):
        snap.getDomain().revertToSnapshot(snap, f)
        g.ok()

    def do_delete(snap, f):
        snap.delete(f)
        g.ok()

    def named(fn):
        return lambda argv, text: fn(lookup(argv[1], argv[2]), g.flags(argv[3]))

    def held(fn):
        return lambda argv, text: fn(g.held[argv[1]], g.flags(argv[2]))

    table = {
        "sn-create": sn_create, "sn-num": sn_num, "sn-names": sn_names,
        "sn-list": sn_list, "sn-has-current": sn_has_current,
        "sn-current": sn_current, "sn-lookup": sn_lookup, "sn-hold": sn_hold,
    }
    for name, fn in [("parent", do_parent), ("xml", do_xml),
                     ("num-children", do_num_children),
                     ("children-names", do_children_names),
                     ("children", do_children), ("is-current", do_is_current),
                     ("has-metadata", do_has_metadata), ("revert", do_revert),
                     ("delete", do_delete)]:
        table["sn-" + name] = named(fn)
        table["held-sn-" + name] = held(fn)
    return table
