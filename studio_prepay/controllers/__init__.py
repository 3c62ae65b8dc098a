from . import portal
from . import studio_shop
from . import stripe_webhook
