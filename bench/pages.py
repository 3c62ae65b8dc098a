"""What each storefront page costs the server, without a queue: ``./bench/run pages --parents 10``.

The rush (bench/rush.py) measures pages under load; this walks the same parents one at a time through
the same pages in this process (werkzeug's test client on Odoo's WSGI application, on a copy of the
bench database prepared like the rush's) and prints, per page, the median milliseconds and SQL queries,
and per parent the sum for each path (gallery, prepay), split into the addon's pages and Odoo's own
cart, checkout and payment. The sum is what one parent costs a core: the machine serves at most
``cores x 60 s / sum`` parents a minute, whatever the number of workers.
"""

import statistics
import time

import rush
import storefront
from werkzeug.test import Client

import odoo
from odoo import SUPERUSER_ID, api
from odoo.service import server

ODOO_PAGES = ("cart", "checkout", "pay", "confirmation")  # names of Odoo's own pages start so


class Walk:
    """One parent's visit: each request timed with the queries it ran."""

    def __init__(self, parent, host):
        self.parent = parent
        self.client = Client(odoo.http.root)
        self.headers = {"Host": host}
        self.timings = []  # (page, ms, queries)

    def request(self, name, method, url, expect=200, **kwargs):
        queries, start = odoo.sql_db.sql_counter, time.perf_counter()
        response = self.client.open(url, method=method, headers=self.headers, **kwargs)
        self.timings.append(
            (name, (time.perf_counter() - start) * 1000, odoo.sql_db.sql_counter - queries)
        )
        if response.status_code != expect:
            raise RuntimeError(f"{name}: HTTP {response.status_code} for {url}")
        return response

    def page(self, name, url, data=None, expect=200):
        return self.request(name, "POST" if data is not None else "GET", url, expect, data=data)

    def rpc(self, name, url, params):
        body = self.request(
            name, "POST", url, json={"jsonrpc": "2.0", "method": "call", "params": params}
        ).json
        if "error" in body:
            raise RuntimeError(f"{name}: {body['error']}")
        return body.get("result")

    def visit(self):
        parent = self.parent
        code_page = self.page("code page", f"/studio/code?code={parent['code']}")
        entered = {"code": parent["code"], "csrf_token": storefront.csrf(code_page.text)}
        if parent["flow"] == "prepay":
            self.page("code sent", "/studio/code", entered, expect=303)
            shop = self.page(
                "prepay shop", f"/studio/job/{parent['job_id']}?subject={parent['subject_id']}"
            )
            self.page(
                "prepay order sent",
                f"/studio/job/{parent['job_id']}/order",
                {
                    "csrf_token": storefront.csrf(shop.text),
                    "subject_code": parent["code"],
                    f"qty_{parent['portrait_product_id']}": 1,
                    f"qty_{parent['class_product_id']}": 1,
                },
                expect=303,
            )
        else:
            self.page("code sent", "/studio/code", entered, expect=303)
            gallery_url = f"/studio/gallery/{parent['subject_id']}"
            gallery = self.page("gallery", gallery_url)
            for url in storefront.thumbnails(gallery.text):
                self.page("proof (grid)", url)
            self.page("proof (lightbox)", f"/studio/proof/{parent['portrait_id']}")
            for photo, product in (
                ("portrait_id", "portrait_product_id"),
                ("class_photo_id", "class_product_id"),
            ):
                self.rpc(
                    "gallery: add to cart",
                    f"{gallery_url}/add_json",
                    {
                        "photo_id": str(parent[photo]),
                        "product_id": str(parent[product]),
                        "quantity": "1",
                    },
                )
        self.page("cart", "/shop/cart")
        self.page("checkout (to the address)", "/shop/checkout", expect=303)
        address = self.page("checkout: address form", "/shop/address")
        self.page(
            "checkout: address sent",
            "/shop/address/submit",
            storefront.address(parent, address.text),
        )
        self.page("checkout: delivery", "/shop/checkout")
        payment = self.page("pay: payment page", "/shop/payment")
        processing = self.rpc("pay: transaction", *storefront.demo_transaction(payment.text))
        self.rpc(
            "pay: demo card",
            "/payment/demo/simulate_payment",
            storefront.demo_card(processing["reference"]),
        )
        if (
            self.rpc("pay: status (confirms the order)", "/payment/status/poll", {}).get("state")
            != "done"
        ):
            raise RuntimeError("the demo payment is not done")
        self.page("pay: validate", "/shop/payment/validate", expect=303)
        self.page("confirmation", "/shop/confirmation")
        return self.timings


def summary(walks):
    """Per page: median ms and queries; per path: the median parent's sum, the addon's and Odoo's."""
    pages = {}
    for timings in walks.values():
        for timing in timings:
            for name, ms, queries in timing:
                pages.setdefault(name, []).append((ms, queries))
    result = {
        "pages": {
            name: {
                "ms": round(statistics.median(ms for ms, _q in values), 1),
                "queries": round(statistics.median(q for _ms, q in values)),
            }
            for name, values in pages.items()
        }
    }
    for flow, timings in walks.items():
        totals = [sum(ms for _name, ms, _q in timing) for timing in timings]
        odoo_ms = [
            sum(ms for name, ms, _q in timing if name.startswith(ODOO_PAGES)) for timing in timings
        ]
        result[f"{flow}_parent_ms"] = round(statistics.median(totals))
        result[f"{flow}_parent_odoo_checkout_ms"] = round(statistics.median(odoo_ms))
    return result


def run(args):
    with rush.database_copy(args) as registry:
        with registry.cursor() as cr:
            parents = rush.prepare(
                api.Environment(cr, SUPERUSER_ID, {}), rush.PREPAY_SHARE * (args.parents + 1)
            )
        odoo.tools.config["db_name"] = (
            registry.db_name
        )  # the test client's requests use this database
        server.load_server_wide_modules()
        walks = {"gallery": [], "prepay": []}
        for flow, timings in walks.items():
            # the first walk of each path loads templates and caches: not counted, as in the rush's warm-up
            chosen = [parent for parent in parents if parent["flow"] == flow][: args.parents + 1]
            for parent in chosen:
                timings.append(Walk(parent, "127.0.0.1:8069").visit())
            del timings[0]
    return dict({"bench": "pages", "parents": args.parents}, **summary(walks))
