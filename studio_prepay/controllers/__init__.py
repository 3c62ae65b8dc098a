from . import binary
from . import portal
from . import stripe_webhook
