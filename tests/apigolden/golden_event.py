"""The event loop, domain events, suspend and resume for golden.py: the
same ops as ops-event.c (see its header).

python3-libvirt refuses a NULL callback, a NULL connection and event ids
it has no wrapper for before libvirt sees them, so ev-register-raw and
ev-register-nullconn call libvirt's C functions through ctypes, on the
C pointers of golden.py's own objects (the libvirt library python3-libvirt
loaded, so the same state)."""
import ctypes
import os
import signal
import time

import libvirt
import libvirt_qemu

LIB = ctypes.CDLL("libvirt.so.0")
LIB.virConnectDomainEventRegisterAny.argtypes = [
    ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p,
    ctypes.c_void_p, ctypes.c_void_p]
LIB.virGetLastErrorMessage.restype = ctypes.c_char_p
LIB.virDomainGetName.argtypes = [ctypes.c_void_p]
LIB.virDomainGetName.restype = ctypes.c_char_p
LIB.virDomainGetID.argtypes = [ctypes.c_void_p]
LIB.virDomainGetID.restype = ctypes.c_uint

LIFECYCLE = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p,
                             ctypes.c_int, ctypes.c_int, ctypes.c_void_p)


def ops(g):
    # ctypes callbacks must outlive their registration
    keep = []

    delivered = [0]

    def lifecycle_cb(conn, dom, event, detail, label):
        delivered[0] += 1
        print(f"event {label}: lifecycle {dom.name()} id={dom.ID()} {event} {detail}")

    def generic_cb(conn, dom, *rest):
        # the label is the last argument whatever the event's signature
        print(f"event {rest[-1]}: {dom.name()}")

    @LIFECYCLE
    def raw_cb(conn, dom, event, detail, opaque):
        dom_id = ctypes.c_int(LIB.virDomainGetID(dom)).value
        print(f"event raw: lifecycle {LIB.virDomainGetName(dom).decode()} "
              f"id={dom_id} {event} {detail}")
        return 0
    keep.append(raw_cb)

    def c_error():
        """The last error of the C library, as golden.error prints it."""
        print(f"error code={LIB.virGetLastErrorCode()} domain={LIB.virGetLastErrorDomain()}: "
              f"{LIB.virGetLastErrorMessage().decode()}")

    def event_id(text):
        return int(text) if text.lstrip("-").isdigit() else g.flags(text)

    def dom_arg(arg):
        """None for "-", else a virDomain (of another connection for @NAME)."""
        if arg == "-":
            return None
        if arg.startswith("@"):
            other = libvirt.open(g.conn.getURI())
            d = other.lookupByName(arg[1:])
            other.close()
            return d
        return g.dom(arg)

    def ev_register_default(argv, text):
        libvirt.virEventRegisterDefaultImpl()
        g.ok()

    def ev_register(argv, text):
        d = dom_arg(argv[1])
        eid = event_id(argv[2])
        cb = lifecycle_cb if eid == libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE else generic_cb
        g.ok(g.conn.domainEventRegisterAny(d, eid, cb, argv[3]))

    def ev_register_raw(argv, text):
        d = dom_arg(argv[1])
        cb = None if argv[3] == "null" else ctypes.cast(raw_cb, ctypes.c_void_p)
        ret = LIB.virConnectDomainEventRegisterAny(
            g.conn.c_pointer(), d.c_pointer() if d else None, event_id(argv[2]),
            cb, None, None)
        if ret >= 0:
            g.ok(ret)
        else:
            c_error()

    def ev_register_nullconn(argv, text):
        ret = LIB.virConnectDomainEventRegisterAny(
            None, None, 0, ctypes.cast(raw_cb, ctypes.c_void_p), None, None)
        if ret >= 0:
            g.ok()
        else:
            c_error()

    def ev_deregister(argv, text):
        cb_id = int(argv[1])
        if cb_id in getattr(g.conn, "domainEventCallbackID", {}) or cb_id < 0:
            g.conn.domainEventDeregisterAny(cb_id)
        elif LIB.virConnectDomainEventDeregisterAny(
                ctypes.c_void_p(g.conn.c_pointer()), cb_id) < 0:
            # python's wrapper would fail on its own bookkeeping after
            # libvirt succeeds for an id it did not register itself
            c_error()
            return
        g.ok()

    def ev_run(argv, text):
        fired = []
        # 100 ms in the process; a daemon's pushed events get longer
        # (tests/daemon/golden-via.sh)
        window = int(os.environ.get("GOLDEN_EV_RUN_MS", "100"))
        guard = libvirt.virEventAddTimeout(window, lambda timer, opaque: fired.append(1), None)
        while not fired:
            libvirt.virEventRunDefaultImpl()
        libvirt.virEventRemoveTimeout(guard)
        g.ok()

    def ev_wait(argv, text):
        want = delivered[0] + int(argv[1])
        fired = []
        guard = libvirt.virEventAddTimeout(30000, lambda timer, opaque: fired.append(1), None)
        while delivered[0] < want and not fired:
            libvirt.virEventRunDefaultImpl()
        libvirt.virEventRemoveTimeout(guard)
        if delivered[0] < want:
            print(f"error: timeout after {int(argv[1]) - (want - delivered[0])} events")
        else:
            g.ok()

    def qemu_kill(argv, text):
        # libvirt's embedded driver: ROOT/run/qemu/NAME.pid
        root = os.environ["GOLDEN_ROOT"]
        with open(os.path.join(root, "run", "qemu", argv[1] + ".pid")) as f:
            pid = int(f.read().strip())
        os.kill(pid, signal.SIGTERM if argv[2:] == ["TERM"] else signal.SIGKILL)
        while os.path.exists(f"/proc/{pid}") and \
                open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] not in "ZX":
            time.sleep(0.01)
        g.ok()

    def qemu_monitor(argv, text):
        libvirt_qemu.qemuMonitorCommand(g.dom(argv[1]), " ".join(argv[2:]), 0)
        g.ok()

    def ev_run_once(argv, text):
        libvirt.virEventRunDefaultImpl()
        g.ok()

    def dom_suspend(argv, text):
        g.dom_arg(argv[1]).suspend()
        g.ok()

    def dom_resume(argv, text):
        g.dom_arg(argv[1]).resume()
        g.ok()

    def close(argv, text):
        if not g.conn:
            g.ok(-2)
            return
        g.held.clear()
        ret = g.conn.close()
        g.conn = None
        g.ok(ret)

    return {
        "ev-register-default": ev_register_default, "ev-register": ev_register,
        "ev-register-raw": ev_register_raw, "ev-register-nullconn": ev_register_nullconn,
        "ev-deregister": ev_deregister, "ev-run": ev_run, "ev-run-once": ev_run_once,
        "ev-wait": ev_wait, "qemu-kill": qemu_kill, "qemu-monitor": qemu_monitor,
        "dom-suspend": dom_suspend, "dom-resume": dom_resume, "close": close,
    }
