"""Lookups by id and uuid, transient domains, jobs and backups for
golden.py (the same ops as ops-job.c)."""
import libvirt


def ops(g):
    def domain(d):
        g.ok(d.name(), f"id={d.ID()}")

    def dom_by_id(argv, text):
        domain(g.conn.lookupByID(int(argv[1])))

    def dom_by_uuid(argv, text):
        domain(g.conn.lookupByUUIDString(argv[1]))

    def dom_uuid(argv, text):
        g.ok(g.dom(argv[1]).UUIDString())

    def dom_create_xml(argv, text):
        domain(g.conn.createXML(g.text_arg(text), g.flags(argv[1])))

    def job_info(argv, text):
        g.ok(f"type={g.dom(argv[1]).jobInfo()[0]}")

    def job_stats(argv, text):
        stats = g.dom(argv[1]).jobStats(g.flags(argv[2]))
        g.ok(f"type={stats.get('type')} nparams={len(stats) - 1}")

    def job_abort(argv, text):
        d = g.dom(argv[1])
        if len(argv) > 2:
            d.abortJobFlags(g.flags(argv[2]))
        else:
            d.abortJob()
        g.ok()

    def backup_begin(argv, text):
        g.dom(argv[1]).backupBegin(g.text_arg(text), None, g.flags(argv[2]))
        g.ok()

    def backup_xml(argv, text):
        g.ok("\n" + g.dom(argv[1]).backupGetXMLDesc(g.flags(argv[2])))

    return {
        "dom-by-id": dom_by_id, "dom-by-uuid": dom_by_uuid, "dom-uuid": dom_uuid,
        "dom-create-xml": dom_create_xml, "job-info": job_info,
        "job-stats": job_stats, "job-abort": job_abort, "job-abort-flags": job_abort,
        "backup-begin": backup_begin, "backup-xml": backup_xml,
    }
