"""studio_prepay 18.0.2.0.0 left the storefront to studio_prepay_website. A database upgraded from
18.0.1 had it (the eCommerce was a dependency then): the storefront is installed in the same
upgrade, and takes over its records with their ids (studio_prepay_website/hooks.py), so that no
page, offer, reminder or setting is lost."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    storefront = env["ir.module.module"].search(
        [("name", "=", "studio_prepay_website"), ("state", "=", "uninstalled")]
    )
    if storefront:
        storefront.button_install()
