from odoo import http
from odoo.http import request

from odoo.addons.web.controllers.binary import Binary


def _readonly_for_visitors(controller):
    """Odoo serves files on a read-only cursor (on the replica when there is one); logged-in users
    get a read/write one, since staff downloads of original photos are logged (studio.download.log):
    otherwise each would be replayed read/write by Odoo, with a warning. (The decision is taken
    before the request has a cursor: the session says who is logged in, not in which group.)"""
    return not request.session.uid


class StudioBinary(Binary):
    @http.route(readonly=_readonly_for_visitors)
    def content_common(self, **kwargs):
        return super().content_common(**kwargs)

    @http.route(readonly=_readonly_for_visitors)
    def content_image(self, **kwargs):
        return super().content_image(**kwargs)
