"""``newsarchive init DIR``: start a new archive that uses the packaged theme.

Creates ``site.yaml``, an empty ``corpus/``, ``templates/`` and ``static/`` folders for
overrides (empty: the defaults live in the package, once) and a README stub. Existing files
are never overwritten.
"""

from __future__ import annotations

from pathlib import Path

SITE_YAML = """\
# newsarchive site configuration. Every key is optional.
title: {title}
base_url: {base_url}{base_comment}
corpus: corpus           # raw page files (*.txt; sub-folders allowed; NAME.yaml sidecars beside them)
output: public           # updated atomically by each successful build (only changed files are written)
# licence: 文本版权归原报社所有，仅供研究使用。
# papers:                # add papers the packaged registry does not know
#   - name: 某某日报
#     slug: moumou
#     city: 某某
#     role: city
#     places: [某某市, 某某区]
"""

README = """\
# {title}

A newspaper archive built with [newsarchive](https://pypi.org/project/newsarchive/).

    pip install newsarchive && newsarchive serve     # build, then browse http://127.0.0.1:8000/

- `corpus/`: one raw text file per printed page; an optional `NAME.yaml` beside `NAME.txt`
  gives `paper`, `city`, `date`, `page`, `edition`.
- `templates/`, `static/`: put a file here with the name of a default template or asset to
  override it; everything else comes from the package.
- `site.yaml`: title, base_url, output folder, extra papers.
"""

OVERRIDE_NOTE = "Files here override the packaged defaults of the same name.\n"

GITIGNORE = """\
# built by `newsarchive build`: the site, its manifest beside it, the build cache
public/
.public.*
.cache/
"""


def init_site(target: Path, title: str = "报纸档案", base_url: str = "") -> list[Path]:
    """Create the skeleton of a new archive in ``target``; return the paths created."""
    created: list[Path] = []
    target.mkdir(parents=True, exist_ok=True)
    for folder in ("corpus", "templates", "static"):
        path = target / folder
        if not path.exists():
            path.mkdir()
            created.append(path)
    files = {
        "site.yaml": SITE_YAML.format(
            title=title, base_url=(base_url if base_url.endswith("/") else base_url + "/") if base_url else "/",
            base_comment="" if base_url else (
                "              # set to the published address, e.g. https://example.org/archive/\n"
                "                         # (canonical links, feeds, sitemap; `newsarchive check` warns until then)")),
        "README.md": README.format(title=title),
        "templates/README.txt": OVERRIDE_NOTE,
        "static/README.txt": OVERRIDE_NOTE,
        ".gitignore": GITIGNORE,
    }
    for rel, text in files.items():
        path = target / rel
        if not path.exists():
            path.write_text(text, encoding="utf-8")
            created.append(path)
    return created
