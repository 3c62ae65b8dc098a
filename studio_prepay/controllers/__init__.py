from . import portal
from . import studio_shop
