import re
from html import unescape
from urllib.parse import urlsplit

from markupsafe import escape

from odoo.tests import tagged

from .common import StudioWebsiteCase


@tagged("post_install", "-at_install")
class TestStorefrontGuestPoses(StudioWebsiteCase):
    """Prepay+ for guests: a parent who prepaid without an account chooses the poses of the package
    through the link of the selling e-mail (the order's access token), in a fresh browser
    session."""

    def setUp(self):
        super().setUp()
        self.job.action_start_prepay()

    def guest_prepays(self, subjects, name="Guest Parent", email="guest.parent@example.com"):
        """A guest (a fresh session, no account) prepays a print for each of ``subjects`` in one
        cart, checks out and pays with the demo provider; returns the paid order."""
        self.authenticate(None, None)
        for subject in subjects:
            self.enter_code(subject.access_code)
            self.assertRedirects(
                self.post(
                    f"/studio/job/{self.job.id}/order",
                    {f"qty_{self.product_print.id}": 1, "subject_code": subject.access_code},
                ),
                "/shop/cart",
            )
        order = self.cart()
        self.give_address(name=name, email=email)
        self.assertEqual(self.checkout_and_pay(order)["state"], "done")
        self.assertEqual((order.state, order.studio_payment_state), ("sale", "paid"))
        return order

    def selling_links(self, order):
        """{subject: the gallery link of the selling e-mail sent for ``order``, as a path with its
        query}."""
        mail = self.env["mail.mail"].search(
            [
                ("model", "=", "sale.order"),
                ("res_id", "=", order.id),
                ("subject", "like", "are ready"),
            ]
        )
        self.assertEqual(len(mail), 1, "the selling e-mail of the order")
        links = {}
        for url in re.findall(r'href="([^"]*/studio/gallery/\d+\?[^"]*)"', mail.body_html):
            url = urlsplit(unescape(url))
            links[self.env["studio.subject"].browse(int(url.path.rsplit("/", 1)[1]))] = (
                f"{url.path}?{url.query}"
            )
        return links

    def open_link(self, link):
        """Open an e-mailed gallery link in the current session; returns the gallery page it leads
        to."""
        response = self.url_open(link, allow_redirects=False)
        self.assertRedirects(response, link.split("?")[0])
        return self.url_open(link.split("?")[0])

    def pose_line(self, order, subject):
        return order.order_line.filtered(
            lambda line: line._studio_subject() == subject and line.product_id == self.product_print
        )

    def test_guest_opens_the_emailed_link_and_chooses_the_pose(self):
        order = self.guest_prepays(self.ann)
        self.assertFalse(order.partner_id.user_ids, "a guest: no account")
        self.start_selling()
        links = self.selling_links(order)
        self.assertEqual(list(links), [self.ann])
        self.assertIn(f"order_id={order.id}&access_token={order.access_token}", links[self.ann])
        line = self.pose_line(order, self.ann)

        self.authenticate(
            None, None
        )  # another day, another browser: no code, no cart in the session
        self.assertEqual(self.url_open(f"/studio/gallery/{self.ann.id}").status_code, 404)
        gallery = self.open_link(links[self.ann])
        self.assertEqual(gallery.status_code, 200)
        self.assertIn("Choose the poses of your package", gallery.text)
        self.assertIn(f'name="line_id" value="{line.id}"', gallery.text)
        self.assertEqual(
            self.url_open(f"/studio/proof/{self.ann_photos[1].id}/small").status_code,
            200,
            "the link shows the proofs, like the code",
        )
        response = self.post(
            f"/studio/gallery/{self.ann.id}/pose",
            {"line_id": line.id, "photo_id": self.ann_photos[1].id},
        )
        self.assertRedirects(response, "?pose_chosen=1#studio_poses")
        self.assertEqual((line.studio_photo_id, line.studio_pose), (self.ann_photos[1], 2))
        self.assertIn(
            "Your choice of pose is saved.",
            self.url_open(f"/studio/gallery/{self.ann.id}?pose_chosen=1").text,
        )
        order.studio_collection_id.with_user(self.studio_user).action_populate_photos()
        self.assertFalse(order.studio_populate_error)
        self.assertEqual(
            line.studio_photo_id, self.ann_photos[1], "populate keeps the guest's choice"
        )

    def test_guest_order_page_links_each_childs_poses(self):
        order = self.guest_prepays(self.ann | self.bob)
        self.start_selling()
        links = self.selling_links(order)
        self.assertEqual(set(links), {self.ann, self.bob}, "one link per child")
        self.authenticate(None, None)
        page = self.url_open(order.get_portal_url()).text
        for child in (self.ann, self.bob):
            self.assertIn(f'href="{escape(order._studio_gallery_url(child))}#studio_poses"', page)
            self.assertIn(f"Choose the poses for {child.name}", page)
        gallery = self.open_link(links[self.bob])
        self.assertIn(f'name="line_id" value="{self.pose_line(order, self.bob).id}"', gallery.text)
        self.assertNotIn(
            f'name="line_id" value="{self.pose_line(order, self.ann).id}"',
            gallery.text,
            "Ann's print is chosen in her gallery",
        )
        self.assertIn(
            f'href="/studio/gallery/{self.ann.id}"',
            gallery.text,
            "the sibling's gallery is one tap away",
        )
        ann_gallery = self.url_open(f"/studio/gallery/{self.ann.id}")
        self.assertIn(
            f'name="line_id" value="{self.pose_line(order, self.ann).id}"', ann_gallery.text
        )

    def test_foreign_or_wrong_links_open_nothing_and_choose_nothing(self):
        order = self.guest_prepays(self.ann)
        other = self.guest_prepays(self.bob, name="Other Guest", email="other.guest@example.com")
        self.start_selling()
        line = self.pose_line(order, self.ann)
        self.authenticate(None, None)
        for link in (
            # not Ann's order
            f"/studio/gallery/{self.ann.id}?order_id={other.id}&access_token={other.access_token}",
            # another's token
            f"/studio/gallery/{self.ann.id}?order_id={order.id}&access_token={other.access_token}",
            f"/studio/gallery/{self.ann.id}?order_id={order.id}&access_token={order.access_token[:-1]}x",
            f"/studio/gallery/{self.ann.id}?order_id={order.id}",
            # not its child
            f"/studio/gallery/{self.cy.id}?order_id={order.id}&access_token={order.access_token}",
        ):
            self.assertEqual(self.url_open(link, allow_redirects=False).status_code, 404, link)
        self.assertEqual(
            self.url_open(f"/studio/gallery/{self.ann.id}").status_code,
            404,
            "nothing was remembered",
        )
        refused = self.post(
            f"/studio/gallery/{self.ann.id}/pose",
            {"line_id": line.id, "photo_id": self.ann_photos[1].id},
        )
        self.assertEqual(refused.status_code, 404)
        # the other guest's own link opens Bob's gallery, but never Ann's package
        self.open_link(
            f"/studio/gallery/{self.bob.id}?order_id={other.id}&access_token={other.access_token}"
        )
        self.enter_code(self.ann.access_code)
        gallery = self.url_open(f"/studio/gallery/{self.ann.id}")
        self.assertEqual(gallery.status_code, 200, "the code opens the gallery")
        self.assertNotIn(
            "Choose the poses of your package",
            gallery.text,
            "but not the choice of another's package",
        )
        refused = self.post(
            f"/studio/gallery/{self.ann.id}/pose",
            {"line_id": line.id, "photo_id": self.ann_photos[1].id},
        )
        self.assertEqual(refused.status_code, 404)
        self.assertFalse(line.studio_photo_id)

    def test_links_of_unpaid_orders_or_before_selling_open_nothing(self):
        order = self.guest_prepays(self.ann)
        self.authenticate(None, None)
        self.enter_code(self.ann.access_code)
        self.post(
            f"/studio/job/{self.job.id}/order",
            {f"qty_{self.product_print.id}": 1, "subject_code": self.ann.access_code},
        )
        cart = self.cart()
        self.authenticate(None, None)
        link = (
            f"/studio/gallery/{self.ann.id}?order_id={order.id}&access_token={order.access_token}"
        )
        self.assertEqual(
            self.url_open(link, allow_redirects=False).status_code, 404, "no gallery before selling"
        )
        self.start_selling()
        self.assertEqual(
            self.url_open(f"/studio/gallery/{self.ann.id}").status_code,
            404,
            "and nothing remembered",
        )
        cart_link = (
            f"/studio/gallery/{self.ann.id}?order_id={cart.id}&access_token={cart.access_token}"
        )
        self.assertEqual(
            self.url_open(cart_link, allow_redirects=False).status_code,
            404,
            "a cart's token is no paid order's",
        )
        self.assertEqual(
            self.open_link(link).status_code,
            200,
            "the paid order's link opens the gallery once it sells",
        )

    def test_no_choice_after_the_deadline(self):
        order = self.guest_prepays(self.ann)
        self.start_selling()
        link = self.selling_links(order)[self.ann]
        self.job.order_deadline = "2020-01-01 00:00:00"
        self.authenticate(None, None)
        gallery = self.open_link(link)
        self.assertEqual(gallery.status_code, 200, "the paid order's link still opens the gallery")
        self.assertNotIn("Choose the poses of your package", gallery.text)
        line = self.pose_line(order, self.ann)
        refused = self.post(
            f"/studio/gallery/{self.ann.id}/pose",
            {"line_id": line.id, "photo_id": self.ann_photos[1].id},
        )
        self.assertEqual(refused.status_code, 404)
        self.assertFalse(line.studio_pose)
        self.assertNotIn("Choose the poses for", self.url_open(order.get_portal_url()).text)
