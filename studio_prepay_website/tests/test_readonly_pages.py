from unittest.mock import patch

from odoo.http import Request
from odoo.tests import tagged

from .common import StudioWebsiteCase


@tagged("post_install", "-at_install")
class TestReadonlyPages(StudioWebsiteCase):
    """The code page, the prepay shop and the proof gallery write nothing when they are read: Odoo
    runs them on a read-only cursor (on the replica in production, ``db_replica_host``). A write
    there would fail on that cursor and Odoo would run the page again on a read/write one, with a
    warning "retrying with a read/write cursor": the tests see the cursor each request got and that
    no page needed the second run. Pages that write (a code sent, an add to cart) keep a read/write
    cursor."""

    def open(self, url, data=None):
        """``url`` (a GET, or a form POST with ``data``); returns the response and whether it ran on
        a read-only cursor, failing if it needed a read/write one after all."""
        original = Request._transactioning
        with (
            patch.object(Request, "_transactioning", autospec=True, side_effect=original) as run,
            self.assertNoLogs("odoo.http", "WARNING"),
        ):
            response = (
                self.url_open(url, allow_redirects=False) if data is None else self.post(url, data)
            )
        self.assertEqual(run.call_count, 1, url)
        return response, run.call_args.kwargs["readonly"]

    def assertReadonly(self, url, status=200):
        response, readonly = self.open(url)
        self.assertEqual(response.status_code, status, url)
        self.assertTrue(readonly, f"{url} runs on a read-only cursor")
        return response

    def test_code_page_reads_on_get_and_writes_the_attempt_on_post(self):
        self.assertReadonly("/studio/code")
        self.assertReadonly("/studio/code?code=WRONG")
        attempts = self.env["studio.code.attempt"].search_count([])
        response, readonly = self.open("/studio/code", {"code": "WRONG-CODE"})
        self.assertFalse(readonly, "a code sent counts the attempt")
        self.assertGreater(self.env["studio.code.attempt"].search_count([]), attempts)

    def test_prepay_shop_is_read_only(self):
        self.job.action_start_prepay()
        self.enter_code(self.ann.access_code)
        page = self.assertReadonly(f"/studio/job/{self.job.id}?subject={self.ann.id}")
        self.assertIn(self.product_print.name, page.text)
        self.assertReadonly(f"/studio/job/{self.cy.job_id.id + 1000}", status=404)

    def test_gallery_is_read_only_with_a_cart_and_for_its_customer(self):
        self.start_selling()
        self.enter_code(self.ann.access_code)
        self.assertIn(self.ann.name, self.assertReadonly(f"/studio/gallery/{self.ann.id}").text)
        added, readonly = self.open(
            f"/studio/gallery/{self.ann.id}/add",
            {"photo_id": self.ann_photos[0].id, "product_id": self.product_print.id},
        )
        self.assertFalse(readonly, "an add to cart writes")
        self.assertEqual(added.status_code, 303)
        self.assertTrue(self.cart().order_line)
        self.assertReadonly(f"/studio/gallery/{self.ann.id}?added=1")
        self.assertReadonly(f"/studio/gallery/{self.bob.id}", status=404)
        # a portal customer whose child it is, without a code
        self.bob._claim(self.customer_user.partner_id)
        self.login(self.customer_user)
        self.assertReadonly(f"/studio/gallery/{self.bob.id}")

    def test_gallery_opened_by_an_order_link_is_read_only(self):
        self.job.action_start_prepay()
        order = self.prepay_order(self.ann, paid=True)
        self.start_selling()
        link = (
            f"/studio/gallery/{self.ann.id}?order_id={order.id}&access_token={order.access_token}"
        )
        self.assertReadonly(link, status=303)  # the link remembered, to the gallery's address
        self.assertReadonly(f"/studio/gallery/{self.ann.id}")
