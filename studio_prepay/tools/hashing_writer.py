import hashlib


class HashingWriter:
    """A write-only, unseekable file that computes the SHA-1 and the size of what is written through
    it to ``file``: the checksum of a file written in one pass, without reading it back. (A zipfile
    writing to it streams its members, with data descriptors instead of seeking back.)"""

    def __init__(self, file):
        self._file = file
        self._digest = hashlib.sha1()
        self.size = 0

    # a file object, not an Odoo model: there is no super().write
    def write(self, data):  # pylint: disable=method-required-super
        self._digest.update(data)
        self.size += len(data)
        return self._file.write(data)

    def flush(self):
        self._file.flush()

    def hexdigest(self):
        return self._digest.hexdigest()
