from . import access_code
from . import counting
