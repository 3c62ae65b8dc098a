"""studio_prepay benchmarks, run through ./bench/run on the harness's bench database.

Each benchmark builds its data inside one transaction, measures the public model method a user's
button (or an integrator's RPC call) runs, prints one JSON line and rolls everything back (the files
it wrote in the filestore are garbage-collected).
Queries are counted with the cursor's own counter; seconds are wall-clock on this machine.
"""
import argparse
import base64
import io
import json
import os
import resource
import socket
import sys
import time
import zipfile
from contextlib import contextmanager

from PIL import Image

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
    orders = paid_orders(env, subjects, portrait | class_photo)
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


def paid_orders(env, subjects, products):
    """A confirmed order per subject with one line per product, each paid like an online payment:
    a done payment transaction (only paid orders go to the lab)."""
    partner = env["res.partner"].create({"name": "Bench parent"})
    orders = env["sale.order"].create([{
        "partner_id": partner.id, "studio_job_id": subject.job_id.id, "studio_subject_id": subject.id,
        "order_line": [(0, 0, {"product_id": product.id}) for product in products],
    } for subject in subjects])
    orders.action_confirm()
    provider = env.ref("payment.payment_provider_transfer")
    provider.state = "test"
    env["payment.transaction"].create([{
        "provider_id": provider.id, "payment_method_id": provider.payment_method_ids[:1].id,
        "amount": order.amount_total, "currency_id": order.currency_id.id, "partner_id": partner.id,
        "reference": f"{order.name}-bench", "sale_order_ids": [(6, 0, order.ids)], "state": "done",
    } for order in orders])
    assert all(orders.mapped("studio_is_paid"))
    return orders


def bench_labexport(env, args):
    """A job whose N subjects each ordered a print of their photo, placed in one batch; measures
    Release to the lab, which writes the order sheet and streams the photos into the zips.

    The photos are camera-sized: random-noise JPEGs of about 4.5 MB (noise does not compress), eight
    different ones over and over. Odoo takes a third of a second to store such a photo (its
    thumbnail), so the photos are created with a small image, then their attachments are pointed at
    the files of the eight large ones: the export reads each photo's file from the filestore like any
    uploaded photo's."""
    n = args.photos
    product = env["product.product"].create(
        {"name": "Bench print", "type": "consu", "default_code": "P57", "studio_photo_kind": "individual"})
    job = make_job(env, n)
    job.write({"product_ids": [(6, 0, product.ids)]})
    job.action_start_prepay()
    subjects = env["studio.subject"].create(
        [{"job_id": job.id, "name": f"Subject {i}", "group_name": f"Class {i % 40}"} for i in range(n)])
    galleries = env["studio.gallery"].create([{"job_id": job.id, "access_code": s.access_code} for s in subjects])
    small = base64.b64encode(bench_image())
    photos = env["studio.photo"].create([{"gallery_id": gallery.id, "name": f"IMG_{i:05}.jpg", "image": small}
                                         for i, gallery in enumerate(galleries)])
    env.flush_all()
    for index in range(8):
        large = env["ir.attachment"].with_context(image_no_postprocess=True).create(
            {"name": f"noise_{index}.jpg", "raw": noise_jpeg()})
        env.cr.execute("""
            UPDATE ir_attachment SET store_fname = %s, checksum = %s, file_size = %s
             WHERE res_model = 'studio.photo' AND res_field = 'image' AND res_id = ANY(%s)
        """, [large.store_fname, large.checksum, large.file_size, photos[index::8].ids])
    env.invalidate_all()
    collection = paid_orders(env, subjects, product).studio_collection_id
    collection._populate_photos(collection._orders_to_process())
    collection._place_orders(collection._orders_to_process())
    batch = job.batch_ids
    env.flush_all()
    env.invalidate_all()
    with measured(env.cr) as release:
        batch.action_release()
        env.flush_all()
    paths = [env["ir.attachment"]._full_path(zip_file.store_fname) for zip_file in batch.images_attachment_ids]
    members = 0
    for path in paths:
        with zipfile.ZipFile(path) as archive:
            members += len(archive.namelist())
    assert members == n, members
    return {"bench": "labexport", "photos": n, "seconds": release["seconds"], "queries": release["queries"],
            "zips": len(paths), "zip_mb": round(sum(map(os.path.getsize, paths)) / 2**20)}


def noise_jpeg(size=(2600, 1950)):
    """A JPEG of random noise, about 4.5 MB: as large as a camera's photo of that size gets."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def bench_image():
    buffer = io.BytesIO()
    Image.new("RGB", (300, 400), "steelblue").save(buffer, "JPEG")
    return buffer.getvalue()


BENCHES = {"codes": bench_codes, "qrcards": bench_qrcards, "populate": bench_populate,
           "labexport": bench_labexport}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("bench", choices=sorted(BENCHES))
    parser.add_argument("--subjects", type=int, default=1000)
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--photos", type=int, default=2000)
    args = parser.parse_args()

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        try:
            result = BENCHES[args.bench](env, args)
        finally:
            cr.rollback()
            # the files the rolled back transaction wrote in the filestore (photos, lab export)
            env["ir.attachment"]._gc_file_store_unsafe()
            cr.commit()
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps(result), flush=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
