from . import portal
from . import studio_shop
from . import website_sale
from . import stripe_webhook
from . import studio_unsubscribe
