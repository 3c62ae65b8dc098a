from . import test_stripe_payouts
from . import test_stripe_webhook
