"""studio_prepay benchmarks, run through ./bench/run on the harness's bench database.

Each benchmark builds its data inside one transaction, measures the public model method a user's
button (or an integrator's RPC call) runs, prints one JSON line and rolls everything back (the files
it wrote in the filestore are garbage-collected).
Queries are counted with the cursor's own counter; seconds are wall-clock on this machine.
The deadline rush (bench/rush.py) is a load test instead: it commits its data in a copy of the bench
database and measures pages of a multi-worker server.
"""

import argparse
import base64
import hashlib
import io
import json
import multiprocessing
import os
import random
import resource
import socket
import sys
import tempfile
import time
import zipfile
from contextlib import contextmanager

import camera
import pages
import production
import retention
import rush
import tickets
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
    rows = [
        {"job_id": job.id, "name": f"Subject {i}", "group_name": f"Class {i % 40}"}
        for i in range(args.subjects)
    ]
    with measured(env.cr) as m:
        env["studio.subject"].create(rows)
        env.flush_all()
    return {
        "bench": "codes",
        "subjects": args.subjects,
        "seconds": m["seconds"],
        "queries": m["queries"],
    }


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
    subjects |= env["studio.subject"].create(
        [
            {"job_id": job.id, "name": f"Subject {i}", "group_name": f"Class {i % 20}"}
            for i in range(args.subjects - len(subjects))
        ]
    )
    env.flush_all()
    with measured(env.cr) as m:
        pdf, _format = env["ir.actions.report"]._render_qweb_pdf(
            "studio_prepay.action_report_qr_cards", subjects.ids
        )
    assert pdf.startswith(b"%PDF"), "not a PDF"
    return {
        "bench": "qrcards",
        "subjects": args.subjects,
        "seconds": m["seconds"],
        "queries": m["queries"],
        "pdf_bytes": len(pdf),
    }


def bench_populate(env, args):
    """A prepay job with N confirmed orders (a portrait and a class photo each) and photos for 95%
    of its subjects; measures Populate photos, then Place order(s) now, of its collection."""
    n = args.orders
    Product = env["product.product"]
    portrait = Product.create(
        {"name": "Bench portrait", "type": "consu", "studio_photo_kind": "individual"}
    )
    class_photo = Product.create(
        {"name": "Bench class photo", "type": "consu", "studio_photo_kind": "group"}
    )
    job = make_job(env, n)
    job.write({"product_ids": [(6, 0, (portrait | class_photo).ids)]})
    job.action_start_prepay()
    groups = [f"Class {i}" for i in range(max(1, n // 25))]
    subjects = env["studio.subject"].create(
        [
            {"job_id": job.id, "name": f"Subject {i}", "group_name": groups[i % len(groups)]}
            for i in range(n)
        ]
    )
    image = base64.b64encode(bench_image())
    with_photos = subjects[: n * 95 // 100]
    galleries = env["studio.gallery"].create(
        [{"job_id": job.id, "access_code": s.access_code} for s in with_photos]
        + [{"job_id": job.id, "kind": "group", "group_name": g} for g in groups]
    )
    env["studio.photo"].create(
        [{"gallery_id": g.id, "name": f"{g.id}.jpg", "image": image} for g in galleries]
    )
    orders = paid_orders(env, subjects, portrait | class_photo)
    collection = orders.studio_collection_id
    assert len(collection) == 1, collection
    env.flush_all()
    # a season's database has its planner statistics (autovacuum); these rows are too new for them
    env.cr.execute(
        "ANALYZE sale_order, sale_order_line, studio_photo, studio_gallery, studio_subject"
    )
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
    return {
        "bench": "populate",
        "orders": n,
        "populate_s": populate["seconds"],
        "place_s": place["seconds"],
        "populate_queries": populate["queries"],
        "place_queries": place["queries"],
    }


def bench_payouts(env, args):
    """One Stripe payout of N balance transactions (a tenth of them partial refunds) served page
    after page by the tests' fake Stripe API, each one the card payment or refund of an order;
    measures *Sync Stripe payouts*: reading the pages, matching, the lines, the posted entry, the
    reconciliation."""
    import logging

    import stripe

    logging.getLogger("odoo.tests.common").setLevel(
        logging.CRITICAL
    )  # the tests' fake Stripe API, imported here
    from odoo.addons.payment_stripe_payout.tests.common import (
        FakeStripeHTTP,
        charge,
        refund,
        stripe_payout,
    )

    n = args.transactions
    refunds = n // 10
    provider = env.ref("payment.payment_provider_stripe")
    provider.write(
        {
            "state": "test",
            "stripe_secret_key": "sk_test_bench",
            "stripe_publishable_key": "pk_test_bench",
        }
    )
    provider.journal_id = env["account.journal"].search(
        [("type", "=", "bank"), ("company_id", "=", env.company.id)], limit=1
    )
    provider._stripe_payout_config()
    partner = env["res.partner"].create({"name": "Bench parent"})
    product = env["product.product"].create(
        {"name": "Bench print", "type": "consu", "list_price": 20.0, "taxes_id": False}
    )
    orders = env["sale.order"].create(
        [
            {
                "partner_id": partner.id,
                "studio_job_id": make_job(env, n).id,
                "order_line": [(0, 0, {"product_id": product.id})],
            }
            for _i in range(n - refunds)
        ]
    )
    Tx = env["payment.transaction"]
    tx_vals = {
        "provider_id": provider.id,
        "payment_method_id": env.ref("payment.payment_method_card").id,
        "currency_id": env.company.currency_id.id,
        "partner_id": partner.id,
        "state": "done",
    }
    txs = Tx.create(
        [
            dict(
                tx_vals,
                amount=20.0,
                reference=f"bench-{i}",
                provider_reference=f"pi_bench_{i}",
                sale_order_ids=order.ids,
            )
            for i, order in enumerate(orders)
        ]
    )
    txs |= Tx.create(
        [
            dict(
                tx_vals,
                amount=-10.0,
                operation="refund",
                source_transaction_id=tx.id,
                reference=f"bench-{i}-refund",
                provider_reference=f"re_bench_{i}",
            )
            for i, tx in enumerate(txs[:refunds])
        ]
    )
    method_line = provider.journal_id.inbound_payment_method_line_ids.filtered(
        lambda line: line.payment_provider_id == provider
    )
    payments = env["account.payment"].create(
        [
            {
                "amount": abs(tx.amount),
                "payment_type": "inbound" if tx.amount > 0 else "outbound",
                "partner_id": partner.id,
                "partner_type": "customer",
                "journal_id": provider.journal_id.id,
                "payment_method_line_id": method_line.id,
                "payment_transaction_id": tx.id,
                "memo": tx.reference,
            }
            for tx in txs
        ]
    )
    payments.action_post()
    for tx, payment in zip(txs, payments, strict=True):
        tx.payment_id = payment
    transactions = [
        charge(f"txn_{i}", f"pi_bench_{i}", 2000, fee=88, fee_tax=15) for i in range(n - refunds)
    ]
    transactions += [
        refund(f"txn_r{i}", f"re_bench_{i}", f"pi_bench_{i}", 1000) for i in range(refunds)
    ]
    fake = FakeStripeHTTP()
    fake.add_payout(stripe_payout("po_bench", sum(tx["net"] for tx in transactions)), transactions)
    stripe.default_http_client = fake
    env.flush_all()
    env.cr.execute("ANALYZE")  # the planner statistics of a database in use (autovacuum's)
    env.invalidate_all()
    with measured(env.cr) as sync:
        env["payment.stripe.payout"].action_sync_payouts()
        env.flush_all()
    payout = env["payment.stripe.payout"].search([("stripe_id", "=", "po_bench")])
    assert payout.state == "reconciled" and len(payout.line_ids) == n, (payout.state, payout.note)
    return {
        "bench": "payouts",
        "transactions": n,
        "seconds": sync["seconds"],
        "queries": sync["queries"],
        "queries_per_100": round(sync["queries"] * 100 / n, 1),
        "stripe_pages": len(fake.requested("/v1/balance_transactions")),
    }


def paid_orders(env, subjects, products):
    """A confirmed order per subject with one line per product, each paid like an online payment:
    a done payment transaction (only paid orders go to the lab)."""
    partner = env["res.partner"].create({"name": "Bench parent"})
    orders = env["sale.order"].create(
        [
            {
                "partner_id": partner.id,
                "studio_job_id": subject.job_id.id,
                "studio_subject_id": subject.id,
                "order_line": [(0, 0, {"product_id": product.id}) for product in products],
            }
            for subject in subjects
        ]
    )
    orders.action_confirm()
    provider = env.ref("payment.payment_provider_transfer")
    provider.state = "test"
    env["payment.transaction"].create(
        [
            {
                "provider_id": provider.id,
                "payment_method_id": provider.payment_method_ids[:1].id,
                "amount": order.amount_total,
                "currency_id": order.currency_id.id,
                "partner_id": partner.id,
                "reference": f"{order.name}-bench",
                "sale_order_ids": [(6, 0, order.ids)],
                "state": "done",
            }
            for order in orders
        ]
    )
    assert all(orders.mapped("studio_is_paid"))
    return orders


def bench_labexport(env, args):
    """A job whose N subjects each ordered a print of their photo, placed in one batch; measures
    Release to the lab, which writes the order sheet and streams the photos into the zips.

    The photos are camera-sized: random-noise JPEGs of about 4.5 MB (noise does not compress), eight
    different ones over and over. Odoo takes a third of a second to store such a photo (its
    thumbnail), so the photos are created with a small image, then their attachments are pointed at
    the files of the eight large ones: the export reads each photo's file from the filestore like
    any uploaded photo's."""
    n = args.photos
    product = env["product.product"].create(
        {
            "name": "Bench print",
            "type": "consu",
            "default_code": "P57",
            "studio_photo_kind": "individual",
        }
    )
    job = make_job(env, n)
    school = env["res.partner"].create(
        {
            "name": "Bench school",
            "is_company": True,
            "street": "1 School Road",
            "zip": "62704",
            "city": "Springfield",
            "country_id": env.ref("base.us").id,
        }
    )
    # the order sheet's required columns: the product's code and the organisation's address
    job.write({"product_ids": [(6, 0, product.ids)], "partner_id": school.id})
    job.action_start_prepay()
    subjects = env["studio.subject"].create(
        [
            {"job_id": job.id, "name": f"Subject {i}", "group_name": f"Class {i % 40}"}
            for i in range(n)
        ]
    )
    galleries = env["studio.gallery"].create(
        [{"job_id": job.id, "access_code": s.access_code} for s in subjects]
    )
    small = base64.b64encode(bench_image())
    photos = env["studio.photo"].create(
        [
            {"gallery_id": gallery.id, "name": f"IMG_{i:05}.jpg", "image": small}
            for i, gallery in enumerate(galleries)
        ]
    )
    env.flush_all()
    for index in range(8):
        large = (
            env["ir.attachment"]
            .with_context(image_no_postprocess=True)
            .create({"name": f"noise_{index}.jpg", "raw": noise_jpeg()})
        )
        env.cr.execute(
            """
            UPDATE ir_attachment SET store_fname = %s, checksum = %s, file_size = %s
             WHERE res_model = 'studio.photo' AND res_field = 'image' AND res_id = ANY(%s)
        """,
            [large.store_fname, large.checksum, large.file_size, photos[index::8].ids],
        )
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
    paths = [
        env["ir.attachment"]._full_path(zip_file.store_fname)
        for zip_file in batch.images_attachment_ids
    ]
    members = 0
    for path in paths:
        with zipfile.ZipFile(path) as archive:
            members += len(archive.namelist())
    assert members == n, members
    return {
        "bench": "labexport",
        "photos": n,
        "seconds": release["seconds"],
        "queries": release["queries"],
        "zips": len(paths),
        "zip_mb": round(sum(map(os.path.getsize, paths)) / 2**20),
    }


def noise_jpeg(size=(2600, 1950)):
    """A JPEG of random noise, about 4.5 MB: as large as a camera's photo of that size gets."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def bench_image():
    buffer = io.BytesIO()
    Image.new("RGB", (300, 400), "steelblue").save(buffer, "JPEG")
    return buffer.getvalue()


ZIP_PHOTOS = 300  # photos per zip archive: about 1.5 GB


def bench_upload(env, args):
    """N camera photos (6000x4000, about 5 MB), a third of them QR card shots, in zip archives of
    at most ZIP_PHOTOS photos with the file names shuffled and the capture times in shooting order
    (a card, then two photos of its subject), uploaded to a job matched by QR cards. Measures the
    import once the archives are on the server: every step the background task runs."""
    from qrcode.image.pil import PilImage

    from odoo.addons.studio_prepay.tools import qr_card

    n = args.photos
    job = make_job(env, n)
    subjects = env["studio.subject"].create(
        [
            {"job_id": job.id, "name": f"Subject {i}", "group_name": f"Class {i % 20}"}
            for i in range(max(1, n // 3))
        ]
    )
    shots = []
    for number in range(n):
        subject, pose = divmod(number, 3)
        qr = None
        if pose == 0 and subject < len(subjects):
            output = io.BytesIO()
            qr_card.card_qr_code(subjects[subject].code_url, PilImage).make_image().save(output)
            qr = output.getvalue()
        shots.append((number * 4, qr))
    names = [f"DSC_{number:05}.JPG" for number in random.Random(14).sample(range(10000, 99999), n)]
    shots = [(name, seconds, qr) for name, (seconds, qr) in zip(names, shots, strict=True)]
    random.Random(15).shuffle(shots)
    attachments = env["ir.attachment"]
    with tempfile.TemporaryDirectory(dir=attachments._filestore()) as directory:
        tasks = [
            (
                os.path.join(directory, f"camera-{part + 1}.zip"),
                part,
                sorted(shots[start : start + ZIP_PHOTOS]),
            )
            for part, start in enumerate(range(0, n, ZIP_PHOTOS))
        ]
        with multiprocessing.get_context("fork").Pool(2) as pool:
            archives = pool.map(camera.write_zip, tasks)
        for path, _size in archives:
            attachments |= stored_attachment(env, path)
    wizard = env["studio.photo.upload"].create(
        {"job_id": job.id, "match_by": "qr_card", "attachment_ids": [(6, 0, attachments.ids)]}
    )
    env.flush_all()
    env.invalidate_all()
    seconds = {"reading": 0.0, "storing": 0.0}
    cpu = time.process_time()
    with measured(env.cr) as m:
        wizard.action_upload()
        upload = wizard.upload_id
        while upload.state != "done":
            state, start = upload.state, time.perf_counter()
            upload._process_step()
            env.flush_all()
            # as the background task, which runs each step in a new transaction
            env.invalidate_all()
            seconds[state] += time.perf_counter() - start
    cpu = time.process_time() - cpu
    states = [file.state for file in upload.file_ids]
    cards_read = len(upload.file_ids.filtered("card_code"))
    assert states.count("imported") + states.count("card") == n, upload.file_ids.mapped("reason")
    result = {
        "bench": "upload",
        "photos": n,
        "seconds": m["seconds"],
        "photos_per_s": round(n / m["seconds"], 1),
        "cards_read": cards_read,
        "cards": len(subjects),
        "imported": states.count("imported"),
        "unmatched": len(job.gallery_ids.filtered("is_unmatched").photo_ids),
        "read_ms_per_photo": round(1000 * seconds["reading"] / n),
        "store_s": round(seconds["storing"], 1),
        "cpu_s": round(cpu, 1),
        "queries": m["queries"],
        "zip_mb": sum(size for _path, size in archives) // 1024**2,
    }
    env.cr.rollback()
    env[
        "ir.attachment"
    ]._gc_file_store_unsafe()  # the files this run wrote, now referenced by nothing
    return result


def stored_attachment(env, path):
    """An attachment of the file ``path``, moved into the filestore as an upload leaves it there."""
    sha = hashlib.sha1()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1024**2), b""):
            sha.update(block)
    checksum = sha.hexdigest()
    store_fname = f"{checksum[:2]}/{checksum}"
    Attachment = env["ir.attachment"]
    os.makedirs(os.path.dirname(Attachment._full_path(store_fname)), exist_ok=True)
    size = os.path.getsize(path)
    os.replace(path, Attachment._full_path(store_fname))
    Attachment._mark_for_gc(store_fname)
    attachment = Attachment.create(
        {
            "name": os.path.basename(path),
            "res_model": "studio.photo.upload",
            "res_id": 0,
            "mimetype": "application/zip",
        }
    )
    attachment._write(
        {"store_fname": store_fname, "checksum": checksum, "file_size": size}
    )  # create() computes them
    return attachment


BENCHES = {
    "codes": bench_codes,
    "qrcards": bench_qrcards,
    "populate": bench_populate,
    "upload": bench_upload,
    "labexport": bench_labexport,
    "payouts": bench_payouts,
    "retention": retention.run,
    "tickets": tickets.run,
}
# benchmarks that commit their data, on their own copy of the bench database
OWN_DATABASE = {"rush": rush.run, "pages": pages.run, "production-check": production.check}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("bench", choices=sorted(BENCHES) + sorted(OWN_DATABASE))
    parser.add_argument("--subjects", type=int, default=1000)
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--photos", type=int, default=1000)
    parser.add_argument("--transactions", type=int, default=1000)
    parser.add_argument("--parents", type=int, default=200)
    parser.add_argument(
        "--keep", action="store_true", help="rush, pages: keep the database they made"
    )
    parser.add_argument(
        "--production",
        action="store_true",
        help="rush: through the production set-up (bench/production.py: nginx, a replica)",
    )
    parser.add_argument(
        "--workers", type=int, help="rush --production, production-check: Odoo's workers"
    )
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
                # the files the rolled back transaction wrote in the filestore (photos, lab export)
                env["ir.attachment"]._gc_file_store_unsafe()
                cr.commit()
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(json.dumps(result), flush=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
