"""Make each addon's README.rst from its manifest and its readme/ fragments, as OCA's
oca-gen-addon-readme does (without the badges): DESCRIPTION, then the sections of CONFIGURE, USAGE,
ROADMAP and CONTRIBUTORS that exist. The fragments are Markdown; what they use of it (bold,
emphasis, code, links, lists) is turned into reStructuredText.

Usage: gen_readme.py [--check] ADDON...   (--check: fail when a README.rst is not what it would
make)
"""

import ast
import pathlib
import re
import sys

SECTIONS = [
    ("CONFIGURE", "Configuration"),
    ("USAGE", "Usage"),
    ("ROADMAP", "Known issues / Roadmap"),
    ("CONTRIBUTORS", "Contributors"),
]


def rst(markdown):
    text = re.sub(r"(?<!`)`([^`\n]+)`(?!`)", r"``\1``", markdown)  # code
    text = re.sub(r"\[([^\]\n]+)\]\(([^)\s]+)\)", r"`\1 <\2>`__", text)  # links
    return text.strip() + "\n"


def readme(addon):
    root = pathlib.Path(addon)
    manifest = ast.literal_eval((root / "__manifest__.py").read_text(encoding="utf-8"))
    name = manifest["name"]
    parts = [
        "=" * len(name),
        name,
        "=" * len(name),
        "",
        ".. This file is made by bin/gen_readme.py from readme/*.md: edit those, then run it.",
        "",
    ]
    description = root / "readme" / "DESCRIPTION.md"
    parts += [
        rst(description.read_text(encoding="utf-8")),
        "**Table of contents**",
        "",
        ".. contents::",
        "   :local:",
        "",
    ]
    for fragment, title in SECTIONS:
        path = root / "readme" / f"{fragment}.md"
        if path.exists():
            parts += [title, "=" * len(title), "", rst(path.read_text(encoding="utf-8"))]
    parts += [
        "Maintainers",
        "===========",
        "",
        f"This addon is maintained by {', '.join(manifest['maintainers'])}"
        f" ({manifest['website']}).",
        "",
    ]
    return "\n".join(parts)


def main(args):
    check = "--check" in args
    stale = []
    for addon in (arg for arg in args if not arg.startswith("--")):
        path = pathlib.Path(addon) / "README.rst"
        text = readme(addon)
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(str(path))
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print("not made from readme/ (run bin/gen_readme.py on them):", *stale)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
