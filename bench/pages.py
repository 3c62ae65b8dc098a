"""What each storefront page costs the server, without a queue: ``./bench/run pages --parents 10``.

The rush (bench/rush.py) measures pages under load; this walks the same parents one at a time
through the same pages in this process (werkzeug's test client on Odoo's WSGI application, on a copy
of the bench database prepared like the rush's) and prints, per page, the median milliseconds and
SQL queries, and per parent the sum for each path (gallery, prepay), split into the addon's pages
and Odoo's own cart, checkout and payment. The sum is what one parent costs a core: the machine
serves at most ``cores x 60 s / sum`` parents a minute, whatever the number of workers.

The anchor, in the same run and on the same database: parents walking a plain website_sale checkout
of one published ordinary product (no studio product, none of the addon's pages): the product page,
the add to cart of ``/shop/cart/update_json``, then the same cart, address, delivery and demo
payment steps. ``ratio`` is the gallery parent's sum (the common path, ``studio_parent_ms``) over
the plain parent's (``plain_parent_ms``); the issue's target is <= 1.2.
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
        if parent["flow"] == "plain":
            return self.visit_plain()
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
        return self.checkout(storefront.address)

    def visit_plain(self):
        """A plain website_sale parent: the product's page, add to cart, then the same checkout."""
        parent = self.parent
        self.page("shop: product page", parent["product_url"])
        self.rpc(
            "shop: add to cart",
            "/shop/cart/update_json",
            {"product_id": parent["product_id"], "add_qty": 1},
        )
        return self.checkout(storefront.plain_address)

    def checkout(self, address_values):
        """Odoo's own cart, checkout and demo payment, the same for every path."""
        parent = self.parent
        self.page("cart", "/shop/cart")
        self.page("checkout (to the address)", "/shop/checkout", expect=303)
        address = self.page("checkout: address form", "/shop/address")
        self.page(
            "checkout: address sent",
            "/shop/address/submit",
            address_values(parent, address.text),
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


def page_medians(walks):
    """Per page of these walks: the median ms and queries."""
    pages = {}
    for timings in walks:
        for timing in timings:
            for name, ms, queries in timing:
                pages.setdefault(name, []).append((ms, queries))
    return {
        name: {
            "ms": round(statistics.median(ms for ms, _q in values), 1),
            "queries": round(statistics.median(q for _ms, q in values)),
        }
        for name, values in pages.items()
    }


def summary(walks):
    """Per page: median ms and queries (the studio's paths, then the plain one); per path: the
    median parent's sum of ms and of queries, the addon's and Odoo's; the studio parent against the
    plain one."""
    result = {
        "pages": page_medians(timings for flow, timings in walks.items() if flow != "plain"),
        "plain_pages": page_medians([walks["plain"]]),
    }
    for flow, timings in walks.items():
        totals = [sum(ms for _name, ms, _q in timing) for timing in timings]
        queries = [sum(q for _name, _ms, q in timing) for timing in timings]
        odoo_ms = [
            sum(ms for name, ms, _q in timing if name.startswith(ODOO_PAGES)) for timing in timings
        ]
        result[f"{flow}_parent_ms"] = round(statistics.median(totals))
        result[f"{flow}_parent_queries"] = round(statistics.median(queries))
        result[f"{flow}_parent_odoo_checkout_ms"] = round(statistics.median(odoo_ms))
    result["studio_parent_ms"] = result["gallery_parent_ms"]
    result["studio_parent_queries"] = result["gallery_parent_queries"]
    result["ratio"] = round(result["studio_parent_ms"] / result["plain_parent_ms"], 2)
    result["prepay_ratio"] = round(result["prepay_parent_ms"] / result["plain_parent_ms"], 2)
    return result


def plain_parents(env, count, country_id):
    """Parents of an ordinary shop: one published consumable (no studio kind), no code, no job."""
    product = env["product.product"].create(
        {"name": "Plain mug", "type": "consu", "list_price": 15.0, "is_published": True}
    )
    state = env["res.country.state"].search([("country_id", "=", country_id)], limit=1)
    env.flush_all()
    return [
        {
            "flow": "plain",
            "code": f"PLAIN{i:04d}",
            "product_id": product.id,
            "product_url": product.product_tmpl_id.website_url,
            "country_id": country_id,
            "state_id": state.id,
        }
        for i in range(count)
    ]


def run(args):
    with rush.database_copy(args) as registry:
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            parents = rush.prepare(env, rush.PREPAY_SHARE * (args.parents + 1))
            parents += plain_parents(env, args.parents + 1, parents[0]["country_id"])
        odoo.tools.config["db_name"] = (
            registry.db_name
        )  # the test client's requests use this database
        server.load_server_wide_modules()
        walks = {"gallery": [], "prepay": [], "plain": []}
        for flow, timings in walks.items():
            # the first walk of each path loads templates and caches: not counted, as in the rush's
            # warm-up
            chosen = [parent for parent in parents if parent["flow"] == flow][: args.parents + 1]
            for parent in chosen:
                timings.append(Walk(parent, "127.0.0.1:8069").visit())
            del timings[0]
    return dict({"bench": "pages", "parents": args.parents}, **summary(walks))
