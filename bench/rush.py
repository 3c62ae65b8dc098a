"""The deadline rush: N parents order from the storefront within a minute, on a multi-worker Odoo.

``./bench/run rush --parents 200`` copies the bench database to a throwaway one, prepares a job in
selling (subjects, two portraits each, class photos) and a job in prepay, enables the demo payment
provider and guest checkout, starts Odoo with ``--workers=4`` on a private port of 127.0.0.1 and
lets locust (bench/rush_locust.py, in its own process) play the parents: three in four open their
child's gallery from the card's code and add a portrait print and the class photo, one in four order
the prepay package from the prepay shop; all check out as guests and pay with the demo provider. It
then checks from the database that every parent has exactly one paid order with its two lines,
prints one JSON line and drops the copy.
"""

import base64
import contextlib
import io
import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import production
import psutil
from PIL import Image, ImageDraw

import odoo
from odoo import SUPERUSER_ID, api
from odoo.service import db as db_service

WORKERS = 4
WARM_UP_PARENTS = 2 * WORKERS  # parents before the rush, so that every worker has served every page
ARRIVAL_SECONDS = 60
PHOTO_SIZE = (1800, 1200)  # a camera JPEG scaled down for the web upload
PREPAY_SHARE = 4  # one parent in four orders in the prepay shop
CLASS_SIZE = 25


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def photo_bytes():
    """A photo-sized JPEG with some detail (a flat colour would make resizing unrealistically
    cheap)."""
    image = Image.new("RGB", PHOTO_SIZE, "steelblue")
    draw = ImageDraw.Draw(image)
    for x in range(0, PHOTO_SIZE[0], 40):
        draw.line(
            [(x, 0), (PHOTO_SIZE[0] - x, PHOTO_SIZE[1])],
            fill=(x % 255, 120, 200 - x % 200),
            width=7,
        )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def prepare(env, parents):
    """The rush's data; returns what each parent knows (the code of the card) and what the load test
    must find on the pages."""
    website = env["website"].get_current_website()
    website.write({"account_on_checkout": "optional"})  # guests may check out
    # the production set-up (README): Odoo sends the order confirmations from its cron worker, not
    # while the parent waits for the payment's status (the cron worker runs during the rush)
    env["ir.config_parameter"].set_param("sale.async_emails", "True")
    provider = env.ref("payment.payment_provider_demo")
    provider.write({"state": "test", "is_published": True, "company_id": env.company.id})
    env.ref("payment_demo.payment_method_demo").active = True
    Product = env["product.product"]
    portrait = Product.create(
        {
            "name": "Rush print 5x7",
            "type": "consu",
            "list_price": 12.0,
            "studio_photo_kind": "individual",
        }
    )
    class_photo = Product.create(
        {
            "name": "Rush class photo",
            "type": "consu",
            "list_price": 9.0,
            "studio_photo_kind": "group",
        }
    )
    offer = [(6, 0, (portrait | class_photo).ids)]
    n_prepay = parents // PREPAY_SHARE
    n_selling = parents - n_prepay

    selling = env["studio.job"].create({"name": "Rush school (selling)", "product_ids": offer})
    selling.action_start_prepay()
    subjects = env["studio.subject"].create(
        [
            {"job_id": selling.id, "name": f"Child {i}", "group_name": f"Class {i // CLASS_SIZE}"}
            for i in range(n_selling)
        ]
    )
    image = base64.b64encode(photo_bytes())
    groups = sorted(set(subjects.mapped("group_name")))
    galleries = env["studio.gallery"].create(
        [{"job_id": selling.id, "access_code": s.access_code} for s in subjects]
        + [{"job_id": selling.id, "kind": "group", "group_name": g} for g in groups]
    )
    env["studio.photo"].create(
        [
            {"gallery_id": g.id, "name": f"{g.id}_{pose}.jpg", "sequence": pose, "image": image}
            for g in galleries
            for pose in range(2 if g.kind == "individual" else 1)
        ]
    )
    # the scheduled action makes the proofs right after the upload, long before the parents come
    selling.gallery_ids.photo_ids._make_proofs()
    selling.action_start_selling()

    prepay = env["studio.job"].create({"name": "Rush school (prepay)", "product_ids": offer})
    prepay.action_start_prepay()
    prepay_subjects = env["studio.subject"].create(
        [
            {"job_id": prepay.id, "name": f"Pupil {i}", "group_name": "Class A"}
            for i in range(n_prepay)
        ]
    )
    env.flush_all()

    known = {
        "portrait_product_id": portrait.id,
        "class_product_id": class_photo.id,
        "country_id": env.ref("base.us").id,
    }
    result = []
    for subject in subjects:
        photos = subject._proof_photos()
        result.append(
            {
                "flow": "gallery",
                "code": subject.access_code,
                "subject_id": subject.id,
                "portrait_id": photos.filtered(lambda p: p.kind == "individual")[:1].id,
                "class_photo_id": photos.filtered(lambda p: p.kind == "group").id,
                **known,
            }
        )
    for subject in prepay_subjects:
        result.append(
            {
                "flow": "prepay",
                "code": subject.access_code,
                "subject_id": subject.id,
                "job_id": prepay.id,
                **known,
            }
        )
    random.Random(15).shuffle(
        result
    )  # prepay and gallery parents arrive mixed, the same way each run
    return result


def start_server(config_path, database, port):
    odoo_bin = Path(odoo.__file__).resolve().parent.parent / "odoo-bin"
    log = open(Path(odoo.tools.config["data_dir"]).parent / "rush-server.log", "w")
    process = subprocess.Popen(
        [
            sys.executable,
            str(odoo_bin),
            "-c",
            config_path,
            "-d",
            database,
            f"--db-filter=^{database}$",
            f"--workers={WORKERS}",
            "--max-cron-threads=1",
            "--http-interface=127.0.0.1",
            f"--http-port={port}",
            f"--gevent-port={free_port()}",
            "--log-level=warn",
            "--limit-time-real=300",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    for _attempt in range(120):
        try:
            with urllib.request.urlopen(f"{url}/web/health", timeout=5):
                return process, url
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise RuntimeError("the multi-worker server did not start (see .run/rush-server.log)")


def run_locust(url, parents, arrival_seconds):
    parents_file = Path(odoo.tools.config["data_dir"]).parent / "rush-parents.json"
    parents_file.write_text(json.dumps(parents))
    locustfile = Path(__file__).with_name("rush_locust.py")
    output = subprocess.run(
        [
            sys.executable,
            str(locustfile),
            "--host",
            url,
            "--parents-file",
            str(parents_file),
            "--arrival",
            str(arrival_seconds),
        ],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
        timeout=60 * 15,
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def verify(env, parents):
    """Per parent's child: exactly one order, confirmed, paid, with its two product lines."""
    orders = env["sale.order"].search(
        [("studio_subject_id", "in", [parent["subject_id"] for parent in parents])]
    )
    by_subject = {}
    for order in orders:
        by_subject.setdefault(order.studio_subject_id.id, []).append(order)
    duplicates = sum(len(found) - 1 for found in by_subject.values() if len(found) > 1)
    paid = [
        order for order in orders if order.state == "sale" and order.studio_payment_state == "paid"
    ]
    complete = [
        order
        for order in paid
        if sorted(order.order_line.filtered(lambda line: not line.is_delivery).product_id.ids)
        == sorted({parents[0]["portrait_product_id"], parents[0]["class_product_id"]})
    ]
    return {
        "orders": len(paid),
        "duplicate_orders": duplicates,
        "incomplete_orders": len(paid) - len(complete),
        "unpaid_orders": len(orders) - len(paid),
    }


@contextlib.contextmanager
def database_copy(args):
    """A throwaway copy of the bench database (kept with --keep); yields its registry."""
    database = f"{args.database}_rush"
    # Odoo's copy and drop of databases, for these two databases, in this process only
    odoo.tools.config["list_db"], odoo.tools.config["db_name"] = True, f"{args.database},{database}"
    if db_service.exp_db_exist(database):  # left by a run with --keep
        db_service.exp_drop(database)
    db_service.exp_duplicate_database(args.database, database)
    try:
        yield odoo.modules.registry.Registry(database)
    finally:
        odoo.sql_db.close_db(database)
        odoo.modules.registry.Registry.delete(database)
        if not args.keep:
            db_service.exp_drop(database)


def run(args):
    server = None
    with database_copy(args) as registry:
        try:
            with registry.cursor() as cr:
                parents = prepare(
                    api.Environment(cr, SUPERUSER_ID, {}), WARM_UP_PARENTS + args.parents
                )
            warm_up, parents = parents[:WARM_UP_PARENTS], parents[WARM_UP_PARENTS:]
            if args.production:
                odoo.sql_db.close_db(registry.db_name)
                server = production.Stack(
                    odoo.tools.config.rcfile, registry.db_name, workers=args.workers
                ).start()
                url, workers = server.url, server.workers
            else:
                server, url = start_server(odoo.tools.config.rcfile, registry.db_name, free_port())
                workers = WORKERS
            # a server in production has loaded its workers and served every page long before the
            # rush
            run_locust(url, warm_up, arrival_seconds=1)
            machine_load = os.getloadavg()[0]  # other work on the machine skews the figures
            cpu = ServerCpu(server)
            load = run_locust(url, parents, ARRIVAL_SECONDS)
            load.update(cpu.used(len(parents)), machine_load_before=round(machine_load, 1))
            if args.production:
                load["replica_transactions"] = replica_transactions(server)
        finally:
            stop_server(server)
        with registry.cursor() as cr:
            checks = verify(api.Environment(cr, SUPERUSER_ID, {}), parents)
    return dict(
        {"bench": "rush", "parents": args.parents, "workers": workers},
        **({"production": "nginx, replica"} if args.production else {}),
        **load,
        **checks,
    )


class ServerCpu:
    """The CPU time the server spends on the rush: Odoo's processes (the server, its workers, the
    ones it reaped) and the PostgreSQL backends of the database (primary and replica). Unlike the
    pages' times, it does not grow when other work shares the machine: ``cpu_ms_per_parent`` sizes
    the cores a rush needs."""

    def __init__(self, server):
        self.server = server
        self.start = self.seconds()

    def processes(self):
        """Odoo's server process and the pids of the database's PostgreSQL backends."""
        if isinstance(self.server, production.Stack):
            stack = self.server
            query = (
                "SELECT string_agg(pid::text, ' ') FROM pg_stat_activity "
                f"WHERE datname = '{stack.database}'"
            )
            pids = f"{stack.sql(query)} {stack.sql(query, replica=True)}"
            return psutil.Process(stack.odoo_process.pid), [int(pid) for pid in pids.split()]
        database = odoo.tools.config["db_name"].split(",")[-1]
        with odoo.sql_db.db_connect("postgres").cursor() as cr:
            cr.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [database])
            return psutil.Process(self.server.pid), [pid for (pid,) in cr.fetchall()]

    def seconds(self):
        odoo_process, backends = self.processes()
        times = {"odoo": 0.0, "postgres": 0.0}
        for process in [odoo_process, *odoo_process.children(recursive=True)]:
            with contextlib.suppress(psutil.NoSuchProcess):
                used = process.cpu_times()
                times["odoo"] += used.user + used.system
        used = odoo_process.cpu_times()
        times["odoo"] += used.children_user + used.children_system  # the reaped workers
        self.backend_times = {}
        for pid in backends:
            with contextlib.suppress(psutil.NoSuchProcess):
                used = psutil.Process(pid).cpu_times()
                self.backend_times[pid] = used.user + used.system
        times["postgres"] = sum(self.backend_times.values())
        return times

    def used(self, parents):
        start_backends = self.backend_times
        end = self.seconds()
        odoo_s = end["odoo"] - self.start["odoo"]
        postgres_s = sum(
            seconds - start_backends.get(pid, 0.0) for pid, seconds in self.backend_times.items()
        )
        per_parent = (odoo_s + postgres_s) / parents
        return {
            "odoo_cpu_s": round(odoo_s, 1),
            "postgres_cpu_s": round(postgres_s, 1),
            "cpu_ms_per_parent": round(per_parent * 1000),
            "parents_per_core_minute": round(60 / per_parent, 1),
        }


def stop_server(server):
    """The plain multi-worker server, or the production set-up (bench/production.py)."""
    if isinstance(server, production.Stack):
        server.stop()
    elif server:
        server.terminate()
        try:
            server.wait(60)
        except subprocess.TimeoutExpired:
            server.kill()


def replica_transactions(stack):
    """The transactions the replica ran for the served database (the read-only routes')."""
    return int(
        stack.sql(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database "
            f"WHERE datname = '{stack.database}'",
            replica=True,
        )
    )
