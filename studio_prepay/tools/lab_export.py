"""The lab export of a batch: an order sheet (CSV) and zips of the files it names.

The sheet is read by a lab's software and opened in spreadsheets: a cell a spreadsheet would run as
a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is neutralised with
a leading apostrophe. Archive members get plain ASCII names, without folders or ``..``. The zips are
written to files, each member copied from its own file in small chunks: a batch of any size is
exported in bounded memory.
"""

import csv
import io
import os
import re
import shutil
import unicodedata
import zipfile

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_FILE_NAME = 100
CHUNK_SIZE = 2**20  # bytes copied at a time into the zip


def sheet_cell(value):
    """The text of ``value`` for a sheet cell, never read as a formula. An empty value (None, False,
    an empty record set or string) is an empty cell; 0 is 0."""
    empty = (
        value is None
        or isinstance(value, bool)
        and not value
        or not value
        and not isinstance(value, (int, float))
    )
    text = "" if empty else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def sheet_csv(columns, rows):
    """The UTF-8 bytes of a CSV with a header of ``columns`` and one line per dict of ``rows``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows([sheet_cell(row.get(column)) for column in columns] for row in rows)
    return buffer.getvalue().encode()


def safe_file_name(name, default="file"):
    """A plain file name made of the last part of ``name`` (after any slash or backslash), in ASCII
    letters, digits, dots, dashes and underscores, without ``..`` or a leading dot."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base)
    base = re.sub(r"\.{2,}", ".", base).strip("._-")
    return base[-MAX_FILE_NAME:] or default


def download_name(name):
    """``name`` as the name of a file to download: letters (accents kept), digits, spaces, dots,
    dashes and underscores only. Its address-encoded form is then a valid RFC 8187 ``filename*``
    (Odoo's download quotes ``,;'()*`` no more than ASCII letters, and browsers refuse such a
    header)."""
    name = re.sub(r"[^\w .-]+", " ", unicodedata.normalize("NFC", name or ""))
    name = re.sub(r"\s+", " ", name).strip(" .-")
    return name or "file"


def split_in_parts(members, part_size):
    """``members`` (name, path of a file or bytes) in consecutive parts of at most ``part_size``
    bytes of content each (a larger file makes a part on its own); always at least one part."""
    parts, part, size = [], [], 0
    for name, source in members:
        length = len(source) if isinstance(source, bytes) else os.path.getsize(source)
        if part and size + length > part_size:
            parts.append(part)
            part, size = [], 0
        part.append((name, source))
        size += length
    return parts + [part] if part or not parts else parts


def write_zip(file, members):
    """Write a zip of ``members``, pairs (name, path of a file or bytes), to the open binary
    ``file``. Members are stored (photos do not compress); a file is copied in chunks, never read
    whole."""
    with zipfile.ZipFile(file, "w", zipfile.ZIP_STORED, allowZip64=True) as archive:
        for name, source in members:
            if isinstance(source, bytes):
                archive.writestr(name, source)
            else:
                with (
                    open(source, "rb") as data,
                    archive.open(zipfile.ZipInfo.from_file(source, name), "w") as member,
                ):
                    shutil.copyfileobj(data, member, CHUNK_SIZE)
