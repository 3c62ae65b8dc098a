"""The production set-up, run on this machine: nginx in front of a multi-worker Odoo whose
read-only routes use a PostgreSQL streaming replica.

``bin/harness production serve`` starts it on the demo database and keeps it up until Ctrl-C;
``bin/harness production check`` starts it on a throwaway copy of the bench database, checks it and
stops it; ``./bench/run rush --production`` runs the rush through it. What runs
(docs/production.md):

- PostgreSQL: the harness's cluster is the primary; a second cluster beside it
  (``<pgdata>-replica``), made once with ``pg_basebackup -R`` (``standby.signal``,
  ``primary_conninfo`` over the primary's Unix socket), streams its WAL as a hot standby on its own
  socket. The primary waits for the replica to have *applied* each commit of the served database
  (``synchronous_commit = remote_apply`` on that database, the replica named in
  ``synchronous_standby_names``): a page read on the replica right after a write (the gallery after
  an add to cart) sees that write. Stopping the set-up lifts the wait.
- Odoo: ``--workers`` (default 2 x cores + 1), one cron worker, ``proxy_mode``, ``x_sendfile``,
  memory and time limits, listening on 127.0.0.1 only, with ``db_replica_host``/``db_replica_port``
  on the replica: Odoo runs ``readonly=True`` routes on it (the code page read, the prepay shop, the
  proof gallery; Odoo's own product pages) and every other route on the primary. Odoo's
  asynchronous order e-mails (``sale.async_emails``) are turned on in the served database.
- nginx (Debian's package) on 127.0.0.1:8180: gzip, the assets cached a year, static files read
  from the addons, the websocket to Odoo's gevent port, the proxy headers ``proxy_mode`` and the
  code page's rate limit rely on, and ``/web/filestore/`` as an internal location: Odoo answers a
  proof with ``X-Accel-Redirect`` and nginx sends the file from the filestore.
"""

import argparse
import contextlib
import http.cookiejar
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

NGINX_PORT = 8180  # nginx: the address parents use
GEVENT_PORT = 8181  # Odoo's websocket (gevent) worker, behind nginx
REPLICA_NAME = "studio_replica"  # its application_name: synchronous_standby_names on the primary
SOCKET_TIMEOUT = 30  # seconds an Odoo worker waits for a request's bytes from nginx

NGINX_CONF = """\
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/nginx-error.log warn;
{user}
events {{ worker_connections 4096; }}

http {{
    include /etc/nginx/mime.types;
    access_log {run}/nginx-access.log;
    client_body_temp_path {run}/tmp/body;
    proxy_temp_path {run}/tmp/proxy;
    fastcgi_temp_path {run}/tmp/fastcgi;
    uwsgi_temp_path {run}/tmp/uwsgi;
    scgi_temp_path {run}/tmp/scgi;
    proxy_cache_path {run}/cache levels=1:2 keys_zone=assets:10m max_size=512m inactive=30d;
    sendfile on;
    client_max_body_size 200m;

    upstream odoo {{ server 127.0.0.1:{odoo_port}; }}
    upstream odoochat {{ server 127.0.0.1:{gevent_port}; }}
    map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}

    gzip on;
    gzip_proxied any;
    gzip_vary on;
    gzip_min_length 1000;
    gzip_types text/css text/plain text/xml text/javascript application/javascript
               application/json application/xml image/svg+xml;

    server {{
        # parents wait here, not in Odoo's listen backlog: a large backlog and long timeouts
        listen 127.0.0.1:{port} backlog=4096;
        proxy_connect_timeout 120s;
        proxy_read_timeout 720s;
        proxy_send_timeout 720s;
        proxy_redirect off;
        # proxy_mode: Odoo takes the client's address from the *last* X-Forwarded-For entry, the one
        # nginx appends (the code page's rate limit counts per address)
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header X-Real-IP $remote_addr;

        location /websocket {{
            proxy_pass http://odoochat;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header X-Forwarded-Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}

        # bundles: their address changes with their content, kept a year by browsers and nginx
        location /web/assets/ {{
            proxy_pass http://odoo;
            proxy_cache assets;
            proxy_cache_valid 200 30d;
            proxy_ignore_headers Set-Cookie;
            proxy_hide_header Set-Cookie;
            expires 365d;
            add_header Cache-Control "public, immutable";
        }}

        # the addons' static files, read from disk
        location ~ ^/[^/]+/static/.+$ {{
            root /;
            try_files {static_roots} @odoo;
            expires 24h;
        }}

        # X-Accel-Redirect: Odoo checked who may see the file (a proof, a thumbnail), nginx sends it
        location /web/filestore/ {{
            internal;
            alias {filestore}/;
        }}

        location @odoo {{ proxy_pass http://odoo; }}
        location / {{ proxy_pass http://odoo; }}
    }}
}}
"""


def run(command, check=True, **kwargs):
    return subprocess.run(command, check=check, text=True, capture_output=True, **kwargs)


class Stack:
    """The set-up of one database: primary + replica, Odoo with workers, nginx."""

    def __init__(self, config, database, workers=None, root=None):
        import odoo  # the caller parsed Odoo's configuration (bench.py, or main below)

        self.odoo_config = odoo.tools.config
        self.config = Path(config)
        self.database = database
        self.workers = workers or 2 * os.cpu_count() + 1
        self.root = Path(root or Path(__file__).resolve().parent.parent)
        self.run_dir = self.config.parent / "production"
        self.pgdata = Path(self.odoo_config["db_host"])
        self.pgport = int(self.odoo_config["db_port"])
        self.replica = Path(f"{self.pgdata}-replica")
        self.replica_port = self.pgport + 1
        self.odoo_port = int(self.odoo_config["http_port"])
        self.url = f"http://127.0.0.1:{NGINX_PORT}"
        self.odoo_url = f"http://127.0.0.1:{self.odoo_port}"
        self.odoo_process = None

    # PostgreSQL

    def pg(self, binary, *args, check=True):
        """A PostgreSQL binary as the clusters' owner (the server refuses to run as root)."""
        bindir = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
        command = [str(bindir[-1] / binary), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return run(command, check=check)

    def sql(self, query, database="postgres", replica=False):
        host, port = (self.replica, self.replica_port) if replica else (self.pgdata, self.pgport)
        return run(
            ["psql", "-h", str(host), "-p", str(port), "-U", "odoo", "-d", database]
            + ["-v", "ON_ERROR_STOP=1", "-tAc", query]
        ).stdout.strip()

    def start_replica(self):
        """The streaming replica: made with pg_basebackup, started, caught up. A replica stopped
        while the primary went on may need WAL the primary no longer keeps: it is made again."""
        for attempt in (1, 2):
            self.make_replica()
            if self.replica_streams(seconds=30 if attempt == 1 else 120):
                break
            self.pg("pg_ctl", "-D", str(self.replica), "stop", "-m", "fast", check=False)
            shutil.rmtree(self.replica)
        else:
            raise RuntimeError(f"the replica does not stream (see {self.replica}/server.log)")
        # read-your-writes for the served database: its commits wait for the replica to apply them
        self.sql(f"ALTER SYSTEM SET synchronous_standby_names = '{REPLICA_NAME}'")
        self.sql("SELECT pg_reload_conf()")
        self.sql(f'ALTER DATABASE "{self.database}" SET synchronous_commit = remote_apply')

    def replica_streams(self, seconds):
        query = f"SELECT state FROM pg_stat_replication WHERE application_name = '{REPLICA_NAME}'"
        for _attempt in range(seconds * 2):
            if self.sql(query) == "streaming":
                return True
            time.sleep(0.5)
        return False

    def make_replica(self):
        if not (self.replica / "PG_VERSION").exists():
            self.replica.mkdir(mode=0o700, parents=True, exist_ok=True)
            if os.geteuid() == 0:
                shutil.chown(self.replica, "postgres", "postgres")
            self.pg(
                "pg_basebackup",
                *("-h", str(self.pgdata), "-p", str(self.pgport), "-U", "odoo"),
                *("-D", str(self.replica), "-R", "-X", "stream", "-c", "fast"),
            )
            with (self.replica / "postgresql.conf").open("a") as conf:
                conf.write(
                    "\n# studio_prepay production set-up: the streaming replica (hot standby)\n"
                    f"unix_socket_directories = '{self.replica}'\n"
                    f"port = {self.replica_port}\n"
                    "hot_standby = on\n"
                    "hot_standby_feedback = on\n"
                )
            with (self.replica / "postgresql.auto.conf").open("a") as conf:
                # the name the primary waits for (synchronous_standby_names)
                conninfo = (
                    f"host={self.pgdata} port={self.pgport} user=odoo "
                    f"application_name={REPLICA_NAME}"
                )
                conf.write(f"primary_conninfo = '{conninfo}'\n")
        if self.pg("pg_ctl", "-D", str(self.replica), "status", check=False).returncode != 0:
            self.pg(
                "pg_ctl",
                *("-D", str(self.replica), "-l", str(self.replica / "server.log")),
                *("-w", "-t", "60", "start"),
            )

    def stop_replica(self):
        """Commits no longer wait for the replica, which stops (it is kept for the next start)."""
        with contextlib.suppress(subprocess.CalledProcessError):
            self.sql(f'ALTER DATABASE "{self.database}" RESET synchronous_commit')
        self.sql("ALTER SYSTEM RESET synchronous_standby_names")
        self.sql("SELECT pg_reload_conf()")
        if (self.replica / "PG_VERSION").exists():
            self.pg("pg_ctl", "-D", str(self.replica), "stop", "-m", "fast", check=False)

    # Odoo

    def odoo_conf(self):
        """The harness's configuration with the production options (set here, not inherited: the
        harness rewrites its file on each run, with the port of the run)."""
        path = self.run_dir / "odoo.conf"
        production = f"""\
; the production set-up (bench/production.py)
http_port = {self.odoo_port}
workers = {self.workers}
max_cron_threads = 1
proxy_mode = True
x_sendfile = True
http_interface = 127.0.0.1
gevent_port = {GEVENT_PORT}
db_replica_host = {self.replica}
db_replica_port = {self.replica_port}
db_maxconn = 16
limit_memory_soft = 1610612736
limit_memory_hard = 2147483648
limit_time_cpu = 60
limit_time_real = 120
limit_request = 65536
dbfilter = ^{self.database}$
logfile = {self.run_dir}/odoo.log
log_level = warn
"""
        keys = {line.split("=")[0].strip() for line in production.splitlines() if "=" in line}
        base = [
            line
            for line in self.config.read_text().splitlines()
            if line.split("=")[0].strip() not in keys
        ]
        path.write_text("\n".join(base) + "\n" + production)
        return path

    def prepare_database(self):
        """What the production set-up wants of the database: order e-mails sent by the cron."""
        self.sql(
            "INSERT INTO ir_config_parameter (key, value, create_date, write_date) "
            "VALUES ('sale.async_emails', 'True', now(), now()) "
            "ON CONFLICT (key) DO UPDATE SET value = 'True', write_date = now()",
            database=self.database,
        )

    def start_odoo(self):
        (self.run_dir / "odoo.log").unlink(missing_ok=True)
        odoo_bin = Path(sys.modules["odoo"].__file__).resolve().parent.parent / "odoo-bin"
        self.odoo_process = subprocess.Popen(
            [sys.executable, str(odoo_bin), "-c", str(self.odoo_conf()), "-d", self.database],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            # a worker waits up to 2 s for a request's bytes by default: nginx sends each request
            # whole (it buffers it), so a longer wait only matters on a starved machine, where 2 s
            # made nginx answer 502 for requests Odoo had accepted
            env=dict(os.environ, ODOO_HTTP_SOCKET_TIMEOUT=str(SOCKET_TIMEOUT)),
        )
        (self.run_dir / "odoo.pid").write_text(str(self.odoo_process.pid))

    def stop_odoo(self):
        pid_file = self.run_dir / "odoo.pid"
        if not pid_file.exists():
            return
        pid = int(pid_file.read_text())
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)  # the prefork server stops its workers
            for _attempt in range(120):
                os.kill(pid, 0)
                if self.odoo_process and self.odoo_process.poll() is not None:
                    break
                time.sleep(0.5)
            else:
                os.kill(pid, signal.SIGKILL)
        pid_file.unlink()

    # nginx

    def nginx_command(self):
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        return [nginx, "-p", str(self.run_dir), "-c", str(self.run_dir / "nginx.conf")]

    def start_nginx(self):
        for folder in ("tmp", "cache"):
            (self.run_dir / folder).mkdir(parents=True, exist_ok=True)
        addons = [p for p in str(self.odoo_config["addons_path"]).split(",") if p]
        roots = " ".join(f"{Path(p).resolve()}$uri" for p in addons)
        (self.run_dir / "nginx.conf").write_text(
            NGINX_CONF.format(
                run=self.run_dir,
                # nginx's workers read the filestore and the addons: as root, they run as root
                user="user root;" if os.geteuid() == 0 else "",
                port=NGINX_PORT,
                odoo_port=self.odoo_port,
                gevent_port=GEVENT_PORT,
                static_roots=roots,
                filestore=Path(self.odoo_config["data_dir"]).resolve() / "filestore",
            )
        )
        run([*self.nginx_command(), "-t"])
        run(self.nginx_command())

    def stop_nginx(self):
        if (self.run_dir / "nginx.pid").exists():
            run([*self.nginx_command(), "-s", "quit"], check=False)
            for _attempt in range(40):
                if not (self.run_dir / "nginx.pid").exists():
                    break
                time.sleep(0.25)

    # the whole set-up

    def start(self):
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.stop()  # what a former run left
        try:
            self.start_replica()
            self.prepare_database()
            self.start_odoo()
            self.start_nginx()
            for _attempt in range(240):
                with contextlib.suppress(OSError):
                    with urllib.request.urlopen(f"{self.url}/web/health", timeout=5):
                        return self
                time.sleep(0.5)
            raise RuntimeError(f"Odoo did not answer through nginx (see {self.run_dir}/odoo.log)")
        except BaseException:
            self.stop()
            raise

    def stop(self):
        self.stop_nginx()
        self.stop_odoo()
        self.stop_replica()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


# The check: the set-up does what docs/production.md says


class Browser:
    """A visitor's browser: cookies, and what a response was (status, headers, body)."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect
        )

    def open(self, url, data=None, headers=None, json_body=None):
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
        elif json_body is not None:
            body = json.dumps(json_body).encode()
            headers = dict(headers or {}, **{"Content-Type": "application/json"})
        request = urllib.request.Request(url, data=body, headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def check(args):
    """Start the set-up on a copy of the bench database with a job selling, walk a parent through
    nginx and check where each answer came from; prints the facts and fails on any wrong one."""
    import rush
    import storefront

    from odoo import SUPERUSER_ID, api

    started = time.monotonic()
    facts = {}
    with rush.database_copy(args) as registry:
        with registry.cursor() as cr:
            parent = next(
                p
                for p in rush.prepare(api.Environment(cr, SUPERUSER_ID, {}), 4)
                if p["flow"] == "gallery"
            )
        odoo_module = sys.modules["odoo"]
        odoo_module.sql_db.close_db(registry.db_name)  # the copy's connections: Odoo's workers now
        with Stack(args.config, registry.db_name, workers=args.workers) as stack:
            facts.update(check_stack(stack, parent, storefront))
    facts["seconds"] = round(time.monotonic() - started)
    failed = [name for name, value in facts.items() if value is False]
    facts["failed"] = failed
    return dict({"bench": "production-check"}, **facts)


def check_stack(stack, parent, storefront):
    facts = {}
    db = stack.database
    browser = Browser()
    url = stack.url
    # the code page, sent through nginx with an address of the visitor's own making: the rate limit
    # counts the address nginx saw, not the one the visitor wrote
    status, _headers, body = browser.open(f"{url}/studio/code")
    token = storefront.csrf(body.decode())
    status, _headers, _body = browser.open(
        f"{url}/studio/code",
        {"code": "NOT-A-CODE", "csrf_token": token},
        headers={"X-Forwarded-For": "203.0.113.9"},
    )
    keys = stack.sql("SELECT string_agg(key, ' ') FROM studio_code_attempt", database=db)
    facts["rate_limit_counts_the_proxy_seen_address"] = (
        "ip:127.0.0.1" in keys and "203.0.113.9" not in keys
    )
    status, headers, _body = browser.open(
        f"{url}/studio/code", {"code": parent["code"], "csrf_token": token}
    )
    gallery_url = f"{url}/studio/gallery/{parent['subject_id']}"
    facts["code_opens_the_gallery"] = status == 303 and headers["Location"].endswith(
        f"/studio/gallery/{parent['subject_id']}"
    )

    # read-only routes on the replica: with its replay paused, the gallery still answers, with
    # the child's name as it was before a change made on the primary since
    subject = parent["subject_id"]
    name = stack.sql(f"SELECT name FROM studio_subject WHERE id = {subject}", database=db)
    stack.sql("SELECT pg_wal_replay_pause()", replica=True)
    try:
        run(
            ["psql", "-h", str(stack.pgdata), "-p", str(stack.pgport), "-U", "odoo", "-d", db]
            + ["-v", "ON_ERROR_STOP=1", "-tAc"]
            + [
                "SET synchronous_commit = local; "
                f"UPDATE studio_subject SET name = 'Renamed on the primary' WHERE id = {subject}"
            ]
        )
        status, _headers, body = browser.open(gallery_url)
        html = body.decode()
        facts["gallery_answered_by_the_paused_replica"] = (
            status == 200 and name in html and "Renamed on the primary" not in html
        )
        status, _headers, body = browser.open(f"{url}/studio/code")
        facts["code_page_answers_while_the_replica_is_paused"] = status == 200
    finally:
        stack.sql("SELECT pg_wal_replay_resume()", replica=True)
    status, _headers, body = browser.open(gallery_url)
    html = body.decode()
    facts["gallery_up_to_date_after_replay"] = "Renamed on the primary" in html

    # a write route goes to the primary, and the gallery read on the replica right after it sees
    # the write (remote_apply)
    status, _headers, body = browser.open(
        f"{gallery_url}/add_json",
        json_body={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "photo_id": str(parent["portrait_id"]),
                "product_id": str(parent["portrait_product_id"]),
                "quantity": "1",
            },
        },
    )
    try:
        added = json.loads(body).get("result") or {}
    except ValueError:
        added = {}
    lines = stack.sql(
        "SELECT count(*) FROM sale_order_line l JOIN sale_order o ON o.id = l.order_id "
        f"WHERE o.studio_subject_id = {subject}",
        database=db,
    )
    facts["add_to_cart_written_on_the_primary"] = status == 200 and lines == "1" and bool(added)
    status, _headers, body = browser.open(gallery_url)
    # the cart's quantity the gallery reads from the database (sale_get_order, on the replica)
    cart_quantity = re.search(rb'class="o_studio_cart_quantity"[^>]*>\s*(\d+)', body)
    facts["gallery_after_the_add_sees_the_cart"] = bool(
        cart_quantity and cart_quantity.group(1) == b"1"
    )

    # assets: gzipped and cached a year; proofs: Odoo answers X-Accel-Redirect, nginx sends the file
    asset = re.search(rb'href="(/web/assets/[^"]+\.css)"', body)
    status, headers, _body = browser.open(
        f"{url}{asset.group(1).decode()}", headers={"Accept-Encoding": "gzip"}
    )
    facts["asset_gzipped"] = status == 200 and headers.get("Content-Encoding") == "gzip"
    facts["asset_cached_a_year"] = "max-age=31536000" in (headers.get("Cache-Control") or "")
    proof = f"/studio/proof/{parent['portrait_id']}/small"
    status, headers, body = browser.open(f"{url}{proof}")
    facts["proof_sent_by_nginx"] = (
        status == 200 and body[:3] == b"\xff\xd8\xff" and "X-Accel-Redirect" not in headers
    )
    status, headers, body = browser.open(f"{stack.odoo_url}{proof}")
    facts["odoo_answers_the_proof_with_x_accel_redirect"] = (
        status == 200
        and (headers.get("X-Accel-Redirect") or "").startswith(f"/web/filestore/{db}/")
        and body == b""
    )

    # no route wrote on the replica: no read-only transaction error on it, and Odoo never had to run
    # a read-only route again on the primary
    replica_log = (stack.replica / "server.log").read_text(errors="replace")
    facts["replica_refused_no_write"] = "read-only transaction" not in replica_log
    odoo_log = (stack.run_dir / "odoo.log").read_text(errors="replace")
    facts["no_readonly_route_retried_on_the_primary"] = (
        "retrying with a read/write cursor" not in odoo_log
        and "Failed to open a readonly cursor" not in odoo_log
    )
    facts["replica_connections"] = int(
        stack.sql(f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{db}'", replica=True)
    )
    facts["odoo_errors_logged"] = odoo_log.count(" ERROR ")
    if facts["odoo_errors_logged"]:
        facts["odoo_errors"] = False
    return facts


def serve(args):
    """The demo database behind nginx until Ctrl-C."""
    stack = Stack(args.config, args.database, workers=args.workers)
    with stack:
        print(
            f"[production] nginx on {stack.url} -> Odoo ({stack.workers} workers) on "
            f"{stack.odoo_url}, read-only routes on the replica {stack.replica}; "
            f"log {stack.run_dir}/odoo.log; Ctrl-C stops it all",
            file=sys.stderr,
            flush=True,
        )
        with contextlib.suppress(KeyboardInterrupt):
            while stack.odoo_process.poll() is None:
                time.sleep(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["serve", "stop"])
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--workers", type=int)
    args = parser.parse_args()
    import odoo

    odoo.tools.config.parse_config(["-c", args.config])
    if args.command == "serve":
        serve(args)
    else:
        Stack(args.config, args.database).stop()


if __name__ == "__main__":
    main()
