#!/usr/bin/python3
"""Long-lived libvirt driver for the polyvisor benchmarks.

Reads one JSON request per line on stdin and answers with one JSON line on
stdout, so process start-up and IPC are not part of any measurement: every
timing ("ms") is taken here, in-process, around the python-libvirt call(s)
with time.perf_counter().

Request:  {"id": 1, "op": "define", "args": {...}}
Reply:    {"id": 1, "ok": true, "ms": 12.3, "result": ...}
          {"id": 1, "ok": false, "error": "..."}

Lifecycle events are received on a background thread running libvirt's
default event loop and kept with perf_counter timestamps.
"""
import json
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import libvirt
import libvirt_qemu

libvirt.virEventRegisterDefaultImpl()


def _loop():
    while True:
        libvirt.virEventRunDefaultImpl()


threading.Thread(target=_loop, daemon=True).start()
# Silence libvirt's default error printer (errors are returned as JSON).
libvirt.registerErrorHandler(lambda _ctx, _err: None, None)

conn = None
events = []  # (t, name, event, detail)
events_cv = threading.Condition()
EV_NAMES = {
    libvirt.VIR_DOMAIN_EVENT_DEFINED: "defined",
    libvirt.VIR_DOMAIN_EVENT_UNDEFINED: "undefined",
    libvirt.VIR_DOMAIN_EVENT_STARTED: "started",
    libvirt.VIR_DOMAIN_EVENT_SUSPENDED: "suspended",
    libvirt.VIR_DOMAIN_EVENT_RESUMED: "resumed",
    libvirt.VIR_DOMAIN_EVENT_STOPPED: "stopped",
    libvirt.VIR_DOMAIN_EVENT_SHUTDOWN: "shutdown",
}


def _on_lifecycle(_conn, dom, event, detail, _opaque):
    with events_cv:
        events.append((time.perf_counter(), dom.name(), EV_NAMES.get(event, str(event)), detail))
        events_cv.notify_all()


def now_ms():
    return time.perf_counter() * 1000.0


def timed(fn):
    t0 = time.perf_counter()
    r = fn()
    return (time.perf_counter() - t0) * 1000.0, r


def wait_marker(path, marker, timeout_s, poll_s=0.01):
    deadline = time.perf_counter() + timeout_s
    m = marker.encode()
    while time.perf_counter() < deadline:
        try:
            with open(path, "rb") as f:
                if m in f.read():
                    return True
        except FileNotFoundError:
            pass
        time.sleep(poll_s)
    return False


def wait_state(dom, want, timeout_s, poll_s=0.005):
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        if dom.state()[0] == want:
            return True
        time.sleep(poll_s)
    return False


def wait_event(name, kind, since, timeout_s):
    """Waits for a lifecycle event of `kind` for `name` after perf_counter time `since`; returns its time."""
    deadline = time.perf_counter() + timeout_s
    with events_cv:
        while True:
            for (t, n, e, _d) in events:
                if t >= since and n == name and e == kind:
                    return t
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            events_cv.wait(left)


def op_open(a):
    global conn
    ms, conn = timed(lambda: libvirt.open(a["uri"]))
    conn.domainEventRegisterAny(None, libvirt.VIR_DOMAIN_EVENT_ID_LIFECYCLE, _on_lifecycle, None)
    return ms, {"version": conn.getLibVersion(), "hv": conn.getVersion()}


def op_capabilities(_a):
    return timed(lambda: len(conn.getCapabilities()))


def op_define(a):
    ms, _ = timed(lambda: conn.defineXML(a["xml"]))
    return ms, None


def op_define_many(a):
    t0 = time.perf_counter()
    for x in a["xmls"]:
        conn.defineXML(x)
    return (time.perf_counter() - t0) * 1000.0, None


def op_undefine(a):
    dom = conn.lookupByName(a["name"])
    return timed(lambda: dom.undefine())[0], None


def op_start(a):
    """create(): the call returns once QEMU runs; optionally also time until the serial marker."""
    dom = conn.lookupByName(a["name"])
    t0 = time.perf_counter()
    dom.create()
    call = (time.perf_counter() - t0) * 1000.0
    res = {"call": call}
    if a.get("serial"):
        ok = wait_marker(a["serial"], a.get("marker", "POLYVISOR-GUEST-READY"), a.get("timeout", 120))
        res["ready"] = (time.perf_counter() - t0) * 1000.0 if ok else None
    return call, res


def op_shutdown_wait(a):
    """ACPI power button, then wait until the domain is shut off (event or state poll, whichever first)."""
    dom = conn.lookupByName(a["name"])
    t0 = time.perf_counter()
    dom.shutdownFlags(libvirt.VIR_DOMAIN_SHUTDOWN_ACPI_POWER_BTN)
    ok = wait_state(dom, libvirt.VIR_DOMAIN_SHUTOFF, a.get("timeout", 60))
    if not ok:
        raise RuntimeError("domain did not shut off")
    return (time.perf_counter() - t0) * 1000.0, None


def op_destroy(a):
    dom = conn.lookupByName(a["name"])
    return timed(lambda: dom.destroy())[0], None


def op_lookup_info(a):
    def f():
        d = conn.lookupByName(a["name"])
        return d.info()
    ms, info = timed(f)
    return ms, info


def op_getxml(a):
    dom = conn.lookupByName(a["name"])
    ms, x = timed(lambda: dom.XMLDesc(0))
    return ms, len(x)


def op_list(_a):
    ms, doms = timed(lambda: [d.name() for d in conn.listAllDomains(0)])
    return ms, len(doms)


def op_bulk_stats(a):
    """list + bulk stats of the active domains: virConnectGetAllDomainStats."""
    ms, st = timed(lambda: conn.getAllDomainStats(0, libvirt.VIR_CONNECT_GET_ALL_DOMAINS_STATS_ACTIVE))
    return ms, len(st)


def op_qmp(a):
    dom = conn.lookupByName(a["name"])
    cmd = json.dumps({"execute": a.get("command", "query-status")})
    n = a.get("n", 1)
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        libvirt_qemu.qemuMonitorCommand(dom, cmd, 0)
        out.append((time.perf_counter() - t0) * 1000.0)
    return sum(out) / len(out), out


def op_start_many(a):
    """Starts the named (defined) domains with `concurrency` threads; times the batch and the STARTED events."""
    names = a["names"]
    conc = a.get("concurrency", 4)
    since = time.perf_counter()
    returned = {}

    def one(n):
        conn.lookupByName(n).create()
        returned[n] = time.perf_counter()

    with ThreadPoolExecutor(max_workers=conc) as ex:
        list(ex.map(one, names))
    t_calls = time.perf_counter()
    last_ev = since
    missing = 0
    lags = []
    for n in names:
        t = wait_event(n, "started", since, a.get("event_timeout", 30))
        if t is None:
            missing += 1
        else:
            last_ev = max(last_ev, t)
            lags.append((t - returned[n]) * 1000.0)
    return (t_calls - since) * 1000.0, {
        "callsMs": (t_calls - since) * 1000.0,
        "allEventsMs": (last_ev - since) * 1000.0,
        "missingEvents": missing,
        "maxEventLagMs": max(lags) if lags else None,
    }


def op_destroy_many(a):
    names = a["names"]
    conc = a.get("concurrency", 16)
    since = time.perf_counter()

    def one(n):
        try:
            conn.lookupByName(n).destroy()
        except libvirt.libvirtError:
            pass

    with ThreadPoolExecutor(max_workers=conc) as ex:
        list(ex.map(one, names))
    t_calls = time.perf_counter()
    last_ev = since
    missing = 0
    for n in names:
        t = wait_event(n, "stopped", since, a.get("event_timeout", 30))
        if t is None:
            missing += 1
        else:
            last_ev = max(last_ev, t)
    return (t_calls - since) * 1000.0, {"callsMs": (t_calls - since) * 1000.0, "allEventsMs": (last_ev - since) * 1000.0, "missingEvents": missing}


def op_wait_markers(a):
    """Waits until every serial log holds the marker (or the timeout); returns how many did."""
    deadline = time.perf_counter() + a.get("timeout", 60)
    pending = list(a["serials"])
    marker = a.get("marker", "POLYVISOR-GUEST-READY").encode()
    t0 = time.perf_counter()
    while pending and time.perf_counter() < deadline:
        rest = []
        for p in pending:
            try:
                with open(p, "rb") as f:
                    if marker in f.read():
                        continue
            except FileNotFoundError:
                pass
            rest.append(p)
        pending = rest
        if pending:
            time.sleep(0.05)
    return (time.perf_counter() - t0) * 1000.0, {"ready": len(a["serials"]) - len(pending)}


def op_cleanup(_a):
    """Destroys and undefines every domain (best effort)."""
    t0 = time.perf_counter()
    doms = conn.listAllDomains(0)

    def one(d):
        try:
            if d.isActive():
                d.destroy()
        except libvirt.libvirtError:
            pass
        try:
            d.undefine()
        except libvirt.libvirtError:
            pass

    with ThreadPoolExecutor(max_workers=16) as ex:
        list(ex.map(one, doms))
    return (time.perf_counter() - t0) * 1000.0, len(doms)


def op_close(_a):
    global conn
    if conn is not None:
        conn.close()
        conn = None
    return 0.0, None


OPS = {k[3:]: v for k, v in globals().items() if k.startswith("op_")}


def main():
    out = sys.stdout
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        req = json.loads(line)
        try:
            ms, result = OPS[req["op"]](req.get("args", {}))
            rep = {"id": req["id"], "ok": True, "ms": ms, "result": result}
        except Exception as e:  # noqa: BLE001 - every failure goes back as JSON
            rep = {"id": req["id"], "ok": False, "error": f"{type(e).__name__}: {e}"}
        out.write(json.dumps(rep) + "\n")
        out.flush()


if __name__ == "__main__":
    os.environ.setdefault("LIBVIRT_DEFAULT_URI", "")
    main()
