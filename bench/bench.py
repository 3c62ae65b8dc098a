"""studio_prepay benchmarks, run through ./bench/run on the harness's bench database.

Each benchmark builds its data inside one transaction, measures the public model method a user's
button (or an integrator's RPC call) runs, prints one JSON line and rolls everything back.
Queries are counted with the cursor's own counter; seconds are wall-clock on this machine.
The deadline rush (bench/rush.py) is a load test instead: it commits its data in a copy of the bench
database and measures pages of a multi-worker server.
"""
import argparse
import base64
import io
import json
import resource
import socket
import sys
import time
from contextlib import contextmanager

from PIL import Image

import odoo
from odoo import SUPERUSER_ID, api

import rush


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
    subjects = job._create_spare_subjects(args.subjects // 5)
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


def bench_populate(env, args):
    """A prepay job with N confirmed orders (a portrait and a class photo each) and photos for 95%
    of its subjects; measures Populate photos, then Place order(s) now, of its collection."""
    n = args.orders
    Product = env["product.product"]
    portrait = Product.create({"name": "Bench portrait", "type": "consu", "studio_photo_kind": "individual"})
    class_photo = Product.create({"name": "Bench class photo", "type": "consu", "studio_photo_kind": "group"})
    job = make_job(env, n)
    job.write({"product_ids": [(6, 0, (portrait | class_photo).ids)]})
    job.action_start_prepay()
    groups = [f"Class {i}" for i in range(max(1, n // 25))]
    subjects = env["studio.subject"].create(
        [{"job_id": job.id, "name": f"Subject {i}", "group_name": groups[i % len(groups)]} for i in range(n)])
    image = base64.b64encode(bench_image())
    with_photos = subjects[: n * 95 // 100]
    galleries = env["studio.gallery"].create(
        [{"job_id": job.id, "access_code": s.access_code} for s in with_photos]
        + [{"job_id": job.id, "kind": "group", "group_name": g} for g in groups])
    env["studio.photo"].create([{"gallery_id": g.id, "name": f"{g.id}.jpg", "image": image} for g in galleries])
    partner = env["res.partner"].create({"name": "Bench parent"})
    orders = env["sale.order"].create([{
        "partner_id": partner.id, "studio_job_id": job.id, "studio_subject_id": s.id,
        "order_line": [(0, 0, {"product_id": portrait.id}), (0, 0, {"product_id": class_photo.id})],
    } for s in subjects])
    orders.action_confirm()
    collection = orders.studio_collection_id
    assert len(collection) == 1, collection
    env.flush_all()
    env.invalidate_all()
    with measured(env.cr) as populate:
        collection._populate_photos(collection._orders_to_process())
        env.flush_all()
    assert collection.missing_count == n - len(with_photos), collection.missing_count
    env.invalidate_all()
    with measured(env.cr) as place:
        collection._place_orders(collection._orders_to_process())
        env.flush_all()
    assert len(job.batch_ids.order_ids) == len(with_photos)
    return {"bench": "populate", "orders": n, "populate_s": populate["seconds"], "place_s": place["seconds"],
            "populate_queries": populate["queries"], "place_queries": place["queries"]}


def bench_image():
    buffer = io.BytesIO()
    Image.new("RGB", (300, 400), "steelblue").save(buffer, "JPEG")
    return buffer.getvalue()


BENCHES = {"codes": bench_codes, "qrcards": bench_qrcards, "populate": bench_populate}
# benchmarks that commit their data, on their own copy of the bench database
OWN_DATABASE = {"rush": rush.run}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("bench", choices=sorted(BENCHES) + sorted(OWN_DATABASE))
    parser.add_argument("--subjects", type=int, default=1000)
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--parents", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="rush: keep the database it made")
    args = parser.parse_args()

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    if args.bench in OWN_DATABASE:
        result = OWN_DATABASE[args.bench](args)
    else:
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
