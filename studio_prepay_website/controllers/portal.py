from odoo.addons.studio_prepay.controllers.portal import StudioCustomerPortal

from .studio_shop import StudioShop


class StudioWebsitePortal(StudioCustomerPortal):
    def _studio_may_see_proof(self, photo_sudo, order_id, access_token):
        """And the visitor who entered the code of the photo's child (or opened the link of a paid
        order of the child) in this session: the proof gallery shows it."""
        return (
            photo_sudo in StudioShop()._session_subjects()._proof_photos()
            or super()._studio_may_see_proof(photo_sudo, order_id, access_token)
        )
