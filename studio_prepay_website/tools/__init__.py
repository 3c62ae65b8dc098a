from . import cart_proof
