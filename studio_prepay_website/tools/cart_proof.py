"""The one way a cart line gets a child and a photo: a proof the studio's own pages hand to the
cart.

Odoo's generic cart routes (``/shop/cart/update``, ``/shop/cart/update_json``, express checkout)
pass every request parameter on to ``sale.order._cart_update`` and the hooks it calls. The studio's
cart hooks therefore never read a child, a photo or the job's offer from those parameters: they read
them from a
:class:`CartProof` in the context, an object that no request parameter, JSON-RPC context or
web-client form can carry (those only carry JSON values). The studio's pages put one there after the
visitor proved they may order for the child (a code entered in the session, a paid order's link, a
claimed code).
"""

from dataclasses import dataclass

CONTEXT_KEY = "studio_cart_proof"


@dataclass(frozen=True)
class CartProof:
    """What a studio page proved before adding to the cart: the products the line may be (the job's
    offer, or its late fee), and the child (studio.subject id) and photo (studio.photo id) it
    carries (0: none)."""

    product_ids: frozenset
    subject_id: int = 0
    photo_id: int = 0


def from_context(env):
    """The proof of ``env``'s context, or None: anything else under the key (a value sent by a
    client) proves nothing."""
    proof = env.context.get(CONTEXT_KEY)
    return proof if isinstance(proof, CartProof) else None
