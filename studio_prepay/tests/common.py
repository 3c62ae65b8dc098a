import base64
import io

from PIL import Image

from odoo import fields
from odoo.tests import TransactionCase, new_test_user


class StudioCase(TransactionCase):
    """A prepay-ready job with a small offer and a few subjects, and one user per studio group."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False))
        # the organisation has the address its batches ship to (a required column of the order
        # sheet)
        cls.partner_school = cls.env["res.partner"].create(
            {
                "name": "Test School",
                "is_company": True,
                "street": "1 School Road",
                "zip": "62704",
                "city": "Springfield",
                "country_id": cls.env.ref("base.us").id,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "A Parent", "email": "parent@example.com"}
        )
        cls.product_print = cls._product("Print 5x7", "individual")
        cls.product_class = cls._product("Class photo", "group")
        cls.job = cls.env["studio.job"].create(
            {
                "name": "Test School 2026",
                "partner_id": cls.partner_school.id,
                "product_ids": [(6, 0, (cls.product_print | cls.product_class).ids)],
            }
        )
        cls.subjects = cls.env["studio.subject"].create(
            [
                {"job_id": cls.job.id, "name": name, "group_name": group, "external_ref": ref}
                for name, group, ref in [
                    ("Ann Lee", "1A", "S1"),
                    ("Bob Ray", "1A", "S2"),
                    ("Cy Fox", "2B", "S3"),
                ]
            ]
        )
        # one user per role, with exactly that role's groups (the README's role matrix)
        cls.studio_user = new_test_user(
            cls.env, "studio_user", groups="studio_prepay.group_studio_user"
        )
        cls.studio_manager = new_test_user(
            cls.env, "studio_manager", groups="studio_prepay.group_studio_manager"
        )
        cls.accountant = new_test_user(
            cls.env, "accountant", groups="account.group_account_invoice"
        )
        cls.salesman = new_test_user(
            cls.env, "salesman_own", groups="sales_team.group_sale_salesman"
        )
        cls.salesman_all = new_test_user(
            cls.env, "salesman_all", groups="sales_team.group_sale_salesman_all_leads"
        )
        cls.paper_accountant = new_test_user(
            cls.env, "paper_accountant", groups="account.group_account_invoice"
        )

    @classmethod
    def _product(cls, name, kind, **vals):
        """A photo product; the products the lab makes have a code (a required column of the order
        sheet)."""
        code = (
            name.upper().replace(" ", "-")
            if kind in ("individual", "group", "memory_mate")
            else False
        )
        return cls.env["product.product"].create(
            dict(
                {
                    "name": name,
                    "type": "consu",
                    "list_price": 10.0,
                    "studio_photo_kind": kind,
                    "default_code": code,
                },
                **vals,
            )
        )

    @staticmethod
    def csv_file(text, encoding="utf-8"):
        return base64.b64encode(text.encode(encoding))

    @staticmethod
    def image_bytes(color="red", size=(64, 48), fmt="JPEG"):
        buffer = io.BytesIO()
        Image.new("RGB", size, color).save(buffer, fmt)
        return buffer.getvalue()

    @classmethod
    def add_photos(cls, job, count=1, code=None, group=None, names=None):
        """Photos in the job's gallery for an access code (individual) or a group (class photo)."""
        Gallery = cls.env["studio.gallery"]
        kind = "group" if group else "individual"
        domain = [("job_id", "=", job.id), ("kind", "=", kind)]
        domain += [("group_name", "=", group)] if group else [("access_code", "=", code)]
        gallery = Gallery.search(domain) or Gallery.create(
            {"job_id": job.id, "kind": kind, "group_name": group, "access_code": code}
        )
        names = names or [f"{code or group}_{i + 1}.jpg" for i in range(count)]
        return cls.env["studio.photo"].create(
            [
                {
                    "gallery_id": gallery.id,
                    "name": name,
                    "sequence": i,
                    "image": base64.b64encode(
                        cls.image_bytes(("red", "green", "blue", "white")[i % 4])
                    ),
                }
                for i, name in enumerate(names)
            ]
        )

    @classmethod
    def prepay_order(cls, subject, products=None, confirm=True, paid=False, **vals):
        """An order for ``subject``, confirmed like a paper order; ``paid``: its payment
        registered."""
        order = cls.env["sale.order"].create(
            dict(
                {
                    "partner_id": cls.customer.id,
                    "studio_job_id": subject.job_id.id,
                    "studio_subject_id": subject.id,
                    "order_line": [
                        (0, 0, {"product_id": product.id, "product_uom_qty": 1})
                        for product in (products or cls.product_print | cls.product_class)
                    ],
                },
                **vals,
            )
        )
        if confirm:
            order.action_confirm()
        if paid:
            cls.register_payment(order)
        return order

    @classmethod
    def register_payment(cls, orders):
        """The accountant registers the cash payment of paper orders (Mark as paid)."""
        journal = cls.env["account.journal"].search(
            [("type", "=", "cash"), ("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.env["studio.mark.paid.wizard"].with_user(cls.paper_accountant).create(
            {
                "order_ids": [(6, 0, orders.ids)],
                "journal_id": journal.id,
                "date": fields.Date.today(),
                "notify": False,
            }
        ).action_mark_paid()
        return orders
