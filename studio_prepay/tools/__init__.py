from . import access_code
from . import counting
from . import locking
from . import watermark
