from . import account_move
from . import payment_provider
from . import payment_stripe_payout
from . import payment_stripe_payout_line
