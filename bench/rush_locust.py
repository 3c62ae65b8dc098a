"""The parents of the deadline rush, played by locust; bench/rush.py runs it in its own process.

Each parent arrives within ``--arrival`` seconds of the first, waits 1-3 s between pages like a
person on a phone, goes through the storefront once and leaves. A page is what the parent waits for:
the page itself after any redirect, or the payment form's JSON calls; images (grid thumbnails, the
lightbox photo) are timed apart and loaded once per parent, as a browser caches them. Prints one
JSON line: the pages' 50th and 95th percentiles, the slowest pages, the errors.
"""

import argparse
import json
import time

import gevent
import storefront
from locust import HttpUser, between, events, task
from locust.env import Environment

TIMINGS = {"page": {}, "image": []}


def percentile(values, share):
    values = sorted(values)
    return round(values[min(len(values) - 1, int(share * len(values)))], 1) if values else None


@events.request.add_listener
def on_request(request_type, name, response_time, exception, **kwargs):
    if name.startswith("image"):
        TIMINGS["image"].append(response_time)
    else:
        TIMINGS["page"].setdefault(name, []).append(response_time)


class Parent(HttpUser):
    wait_time = between(1, 3)
    to_come = []  # what each parent knows: the card's code (and the ids the pages must show)
    finished = []

    def on_start(self):
        self.parent = self.to_come.pop()
        self.seen_images = set()
        self.done = False

    # one request, checked: a failure counts as an error and ends the parent's visit

    def _check(self, response, must_contain=None, url_ends=None):
        if response.status_code != 200:
            response.failure(f"HTTP {response.status_code}")
        elif must_contain and must_contain not in response.text:
            response.failure(f"{must_contain!r} not on the page")
        elif url_ends and not response.url.split("?")[0].endswith(url_ends):
            response.failure(f"landed on {response.url}")
        else:
            return response
        raise ParentGaveUp()

    def page(self, name, url, data=None, **checks):
        method = self.client.post if data is not None else self.client.get
        with method(url, data=data, name=name, catch_response=True) as response:
            self._check(response, **checks)
        self.load_images(response.text)
        self.wait()
        return response

    def rpc(self, name, url, params):
        with self.client.post(
            url,
            json={"jsonrpc": "2.0", "method": "call", "params": params, "id": 1},
            name=name,
            catch_response=True,
        ) as response:
            self._check(response)
            body = response.json()
            if "error" in body:
                response.failure(body["error"].get("data", {}).get("message", "JSON-RPC error"))
                raise ParentGaveUp()
        return body.get("result")  # Odoo leaves out a None result

    def image(self, url):
        if url not in self.seen_images:
            self.seen_images.add(url)
            with self.client.get(url, name="image", catch_response=True) as response:
                if response.status_code != 200 or not response.content.startswith(b"\xff\xd8"):
                    response.failure(f"HTTP {response.status_code}, not a JPEG")

    def load_images(self, html):
        for url in storefront.thumbnails(html):
            self.image(url)

    @staticmethod
    def fail(name, error):
        """A call that answered but did not do its job: counted as an error, the parent leaves."""
        events.request.fire(
            request_type="RPC",
            name=name,
            response_time=0,
            response_length=0,
            exception=RuntimeError(error),
        )
        raise ParentGaveUp()

    @staticmethod
    def csrf(response):
        return storefront.csrf(response.text)

    # the parent's visit

    @task
    def visit(self):
        if self.done:
            gevent.sleep(1)
            return
        try:
            self.enter_code_and_fill_cart()
            self.check_out_and_pay()
        except ParentGaveUp:
            pass
        self.done = True
        self.finished.append(self.parent["code"])

    def enter_code_and_fill_cart(self):
        parent = self.parent
        code_page = self.page(
            "code page", f"/studio/code?code={parent['code']}", must_contain=parent["code"]
        )
        if parent["flow"] == "prepay":
            shop = self.page(
                "prepay shop (after the code)",
                "/studio/code",
                {"code": parent["code"], "csrf_token": self.csrf(code_page)},
                must_contain=parent["code"],
                url_ends=f"/studio/job/{parent['job_id']}",
            )
            self.page(
                "add to cart",
                f"/studio/job/{parent['job_id']}/order",
                {
                    "csrf_token": self.csrf(shop),
                    "subject_code": parent["code"],
                    f"qty_{parent['portrait_product_id']}": 1,
                    f"qty_{parent['class_product_id']}": 1,
                },
                url_ends="/shop/cart",
            )
            return
        gallery_url = f"/studio/gallery/{parent['subject_id']}"
        self.page(
            "gallery (after the code)",
            "/studio/code",
            {"code": parent["code"], "csrf_token": self.csrf(code_page)},
            must_contain=f"/studio/proof/{parent['portrait_id']}",
            url_ends=gallery_url,
        )
        # the lightbox of the first portrait: its larger proof
        self.image(f"/studio/proof/{parent['portrait_id']}")
        self.wait()
        # the gallery's script adds to the cart in place: the parent stays in the lightbox
        for photo, product in (
            ("portrait_id", "portrait_product_id"),
            ("class_photo_id", "class_product_id"),
        ):
            added = self.rpc(
                "add to cart",
                f"{gallery_url}/add_json",
                {
                    "photo_id": str(parent[photo]),
                    "product_id": str(parent[product]),
                    "quantity": "1",
                },
            )
            if added["added"] != 1:
                self.fail("add to cart", f"refused: {added['warning']}")
            self.wait()
        self.page("cart", "/shop/cart", must_contain="/studio/proof/")

    def check_out_and_pay(self):
        address = self.page("checkout: address form", "/shop/checkout", url_ends="/shop/address")
        with self.client.post(
            "/shop/address/submit",
            name="checkout: address sent",
            catch_response=True,
            data=storefront.address(self.parent, address.text),
        ) as response:
            self._check(response)
            if "successUrl" not in response.json():
                response.failure(f"address refused: {response.text[:200]}")
                raise ParentGaveUp()
        self.wait()
        self.page("checkout: delivery", "/shop/checkout", url_ends="/shop/checkout")
        payment = self.page(
            "payment page", "/shop/payment", must_contain='data-payment-method-code="demo"'
        )
        processing = self.rpc("pay: transaction", *storefront.demo_transaction(payment.text))
        self.rpc(
            "pay: demo card",
            "/payment/demo/simulate_payment",
            storefront.demo_card(processing["reference"]),
        )
        status = self.rpc("pay: status", "/payment/status/poll", {})
        if status.get("state") != "done":
            self.fail("pay: status", f"payment {status.get('state')}")
        self.page("confirmation", "/shop/payment/validate", url_ends="/shop/confirmation")


class ParentGaveUp(Exception):
    """A page failed: the parent leaves (the failure is already counted)."""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", required=True)
    parser.add_argument("--parents-file", required=True)
    parser.add_argument("--arrival", type=float, default=60)
    args = parser.parse_args()
    with open(args.parents_file) as file:
        Parent.to_come = json.load(file)
    parents = len(Parent.to_come)
    environment = Environment(user_classes=[Parent], host=args.host, events=events)
    runner = environment.create_local_runner()
    start = time.monotonic()
    runner.start(parents, spawn_rate=parents / args.arrival)
    while len(Parent.finished) < parents and time.monotonic() - start < args.arrival + 600:
        gevent.sleep(1)
    runner.quit()
    stats = environment.stats
    pages = [t for times in TIMINGS["page"].values() for t in times]
    print(
        json.dumps(
            {
                "p50_ms": percentile(pages, 0.50),
                "p95_ms": percentile(pages, 0.95),
                "errors": stats.total.num_failures + parents - len(Parent.finished),
                "pages": len(pages),
                "images": len(TIMINGS["image"]),
                "image_p95_ms": percentile(TIMINGS["image"], 0.95),
                "p95_by_page_ms": {
                    name: percentile(times, 0.95) for name, times in sorted(TIMINGS["page"].items())
                },
                "error_kinds": {
                    f"{e.name}: {e.error}": e.occurrences for e in stats.errors.values()
                },
                "seconds": round(time.monotonic() - start, 1),
            }
        ),
        flush=True,
    )


if __name__ == "__main__":
    main()
