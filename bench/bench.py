"""studio_prepay benchmarks, run through ./bench/run on the harness's bench database.

Each benchmark builds its data inside one transaction, measures the public model method a user's
button (or an integrator's RPC call) runs, prints one JSON line and rolls everything back.
Queries are counted with the cursor's own counter; seconds are wall-clock on this machine.
"""
import argparse
import json
import resource
import socket
import sys
import time
from contextlib import contextmanager

import odoo
from odoo import SUPERUSER_ID, api


@contextmanager
def measured(cr):
    """Yield a dict that gets 'seconds' and 'queries' of the block (everything flushed)."""
    result = {}
    queries, start = cr.sql_log_count, time.perf_counter()
    yield result
    result["seconds"] = round(time.perf_counter() - start, 3)
    result["queries"] = cr.sql_log_count - queries


def make_job(env, subjects):
    return env["studio.job"].create({"name": f"Bench school ({subjects} subjects)"})


def bench_codes(env, args):
    job = make_job(env, args.subjects)
    rows = [{"job_id": job.id, "name": f"Subject {i}", "group_name": f"Class {i % 40}"}
            for i in range(args.subjects)]
    with measured(env.cr) as m:
        env["studio.subject"].create(rows)
        env.flush_all()
    return {"bench": "codes", "subjects": args.subjects, "seconds": m["seconds"], "queries": m["queries"]}


def start_http_server():
    """Odoo's HTTP server in this process, so that wkhtmltopdf can fetch the report assets."""
    from odoo.service import server
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    odoo.tools.config["http_port"] = port
    server.load_server_wide_modules()
    server.server = server.ThreadedServer(odoo.http.root)
    server.server.start(stop=False)
    return f"http://127.0.0.1:{port}"


def bench_qrcards(env, args):
    env["ir.config_parameter"].set_param("report.url", start_http_server())
    job = make_job(env, args.subjects)
    subjects = job.add_spare_subjects(args.subjects // 5)
    subjects |= env["studio.subject"].create([
        {"job_id": job.id, "name": f"Subject {i}", "group_name": f"Class {i % 20}"}
        for i in range(args.subjects - len(subjects))])
    env.flush_all()
    with measured(env.cr) as m:
        pdf, _format = env["ir.actions.report"]._render_qweb_pdf(
            "studio_prepay.action_report_qr_cards", subjects.ids)
    assert pdf.startswith(b"%PDF"), "not a PDF"
    return {"bench": "qrcards", "subjects": args.subjects, "seconds": m["seconds"],
            "queries": m["queries"], "pdf_bytes": len(pdf)}


BENCHES = {"codes": bench_codes, "qrcards": bench_qrcards}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("bench", choices=sorted(BENCHES))
    parser.add_argument("--subjects", type=int, default=1000)
    args = parser.parse_args()

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        try:
            result = BENCHES[args.bench](env, args)
        finally:
            cr.rollback()
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps(result), flush=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
