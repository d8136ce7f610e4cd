"""Train the role model from labelled pages: deterministic, one command.

A labelled page is a raw text file with a gold file (``NAME.gold.yaml``, the format of
``shared/gold/SCHEMA.md``). Its units are projected onto roles (``project.py``) and the CRF
is trained with L-BFGS (no randomness: the same pages in the same order give the same model
bytes). Pages are sorted by name; parameters are fixed here and recorded in the model's
metadata, with the versions of the libraries that made it.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pycrfsuite
import yaml

from ..sources import decode, split_lines
from .features import FEATURES_VERSION, page_features
from .project import project
from .reflow import page_units
from .units import Unit, units_of

PARAMS = {
    # strong L2 and light L1: weight spread over the many cues that agree, rather than on one
    # feature that happens to separate the roles in the training pages (chosen by the
    # leave-one-source-out figures of benchmarks/parse_eval.py)
    "c1": 0.05,
    "c2": 0.5,
    "max_iterations": 150,
    "feature.possible_transitions": True,
}
MIN_ITERATIONS = 20
"""An L-BFGS run that stops before this many iterations learned nothing (GROBID #53)."""


AUGMENT = True
"""Train on each page also as other extraction tools dump it (``variants``)."""
BI_ROLES = ("head",)
"""Roles whose first unit is marked ``B-`` (a new headline); the other roles' ``B-``/``I-``
marks are dropped for training, and the decoder finds their boundaries from structure."""


class TrainingError(Exception):
    pass


MERGED: dict[str, str] = {}
"""Roles trained as another role (for example display text as body)."""


def training_roles(roles: list[str]) -> list[str]:
    """The labels the model is trained on (see ``BI_ROLES``)."""
    out = []
    for r in roles:
        r = MERGED.get(r, r)
        if r[:2] in ("B-", "I-") and r[2:] not in BI_ROLES:
            r = r[2:]
        out.append(r)
    return out


SITE_WEIGHT = 4
"""How much a site's own labelled page weighs against a packaged one (it is repeated this
many times in training): the editor labelled it because this is the paper being archived."""


SITE = "site"


def fit_site(packaged: list[Page], site: list[Page], params: dict | None = None) -> tuple[bytes, dict]:
    """A site's model: the packaged pages and the site's labels, the site's weighing
    ``SITE_WEIGHT`` times (and not varied: they are in the site's own format already).

    Measured against a domain-adaptation recipe (each feature also as the site's own copy on
    the site's pages, Daumé III 2007): with one or two labelled pages the site's copies fitted
    those pages' accidents, and held-out headline F1 fell (申報: 0.53 -> 0.13 with one page;
    人民日报: 0.64 -> 0.59 with two), so plain weighting it is (benchmarks/RESULTS.md)."""
    for p in site:
        p.domain = SITE
    model, meta = fit(packaged + site * SITE_WEIGHT if site else packaged, params)
    meta["site_pages"] = sorted(p.name for p in site)
    meta["site_weight"] = SITE_WEIGHT
    return model, meta


META_VERSION = 2
"""What a trained model's metadata holds beside the weights (2: ``longest_title``): part of a
site model's cache key, so a model cached before it is trained again."""


def longest_title(pages: list[Page]) -> int:
    """The longest line of a title in the pages as printed (characters, white space not
    counted; flattened pages, whose lines are lost, not counted): what the heading checks know
    of how long a title can be (``roles.Roles.tag``)."""
    return max((len("".join(u.text.split())) for p in pages for u, r in zip(p.units, p.roles)
                if r in ("B-head", "I-head") and not u.flat), default=0)


def fit(pages: list[Page], params: dict | None = None) -> tuple[bytes, dict]:
    """The training recipe: the pages (a page given twice weighs twice), their variants, the
    training labels, the CRF."""
    pages = [p for p in pages if p.units]
    unique = list({id(p): p for p in pages}.values())
    # the packaged pages are also trained as other tools dump them; a site's own pages are in
    # its own tool's format already
    extra = {id(p): variants(p) if AUGMENT and not p.domain else [] for p in unique}
    for p in unique:
        for q in extra[id(p)]:
            q.domain = p.domain
    for p in unique:
        for q in (p, *extra[id(p)]):
            q.roles = training_roles(q.roles)
    data = [q for p in pages for q in (p, *extra[id(p)])]
    model, meta = train(data, params)
    meta["longest_title"] = longest_title(unique)
    meta["augment"] = AUGMENT
    meta["bi_roles"] = list(BI_ROLES)
    meta["pages"] = sorted({p.name for p in pages})
    return model, meta


@dataclass
class Page:
    """One labelled page: its name, the source it comes from, units, roles and the gold."""

    name: str
    source: str
    units: list[Unit]
    roles: list[str]
    gold: dict
    raw_path: Path
    problems: list[str]
    gold_path: Path | None = None
    domain: str = ""
    """The site a page belongs to ("" for the packaged pages, which are also trained as other
    extraction tools would dump them; a site's pages are not)."""


def source_of(path: Path, gold: dict | None = None) -> str:
    """The source a labelled page belongs to, for leave-one-source-out: the gold file's
    ``source:`` key, else the file name's prefix before ``-`` (``rmrb-03`` -> ``rmrb``), else
    the folder name."""
    if gold and isinstance(gold.get("source_group"), str):
        return gold["source_group"]
    stem = path.name.split(".")[0]
    if "-" in stem:
        return stem.split("-")[0]
    return path.parent.name


def load_page(raw: Path, gold_path: Path, source: str | None = None) -> Page:
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8")) or {}
    decoded = decode(raw.read_bytes(), raw.name)
    page = page_of(raw.stem, source or source_of(raw, gold), decoded.text, gold, raw)
    page.gold_path = gold_path
    return page


def page_of(name: str, source: str, text: str, gold: dict, raw: Path, joined: bool = True) -> Page:
    """A labelled page's units and roles. ``joined``: its units as the parser cuts them (a
    narrow-column page's lines joined back, ``reflow.py``; no packaged page as printed has
    any); the training variants keep their lines as cut (``joined=False``)."""
    lines = split_lines(text)
    units = page_units(lines) if joined else units_of(lines)
    proj = project(units, gold)
    problems = [f"not placed: {m}" for m in proj.missing]
    problems += [f"unit at line {units[i].line} has two roles: {units[i].text[:30]}" for i in proj.mixed]
    return Page(name, source, units, proj.roles, gold, raw, problems)


WRAP = 16
"""Characters per line of the narrow-column variant (a column of a broadsheet page)."""


def _unmarked(line: str) -> str:
    """A line without Markdown heading marks (whole-page OCR text has none)."""
    return re.sub(r"^\s{0,3}#{1,6}\s+", "", line)


def _wrap(line: str, width: int) -> list[str]:
    if line.lstrip().startswith(("#", "!", "<", "[")) or len(line) <= width:
        return [line]
    return [line[k:k + width] for k in range(0, len(line), width)]


def variants(page: Page) -> list[Page]:
    """The same page as other extraction tools would have dumped it, for a model that does
    not depend on one tool's habits: flattened into one line (whole-page OCR text), and with
    the blank lines between printed lines added or removed."""
    text = page.raw_path.read_bytes()
    decoded = decode(text, page.raw_path.name).text
    split = split_lines(decoded)
    lines = [ln.text for ln in split]
    solid = [ln.strip() for ln in lines if ln.strip(" \t\xa0\u3000\ufeff")]
    if len(solid) < 2:
        return []
    out = [" ".join(_unmarked(ln) for ln in solid)]
    blank_between = sum(1 for ln in lines if not ln.strip(" \t\xa0\u3000\ufeff")) * 2 >= len(solid)
    out.append("\n".join(solid) if blank_between else "\n\n".join(solid))
    # narrow columns: running text broken at a column's width (a headline keeps its lines)
    roles_of: dict[int, set[str]] = {}
    for u, r in zip(page.units, page.roles):
        roles_of.setdefault(u.line, set()).add(r[2:] if r[:2] in ("B-", "I-") else r)
    wrapped = []
    for ln in split:
        text = ln.text.strip()
        if not ln.text.strip(" \t\xa0\u3000\ufeff"):
            continue
        wrapped.extend(_wrap(text, WRAP) if roles_of.get(ln.no, set()) <= {"body"} else [text])
    out.append("\n".join(wrapped))
    pages = []
    for k, t in enumerate(out):
        v = page_of(f"{page.name}~{k}", page.source, t, page.gold, page.raw_path, joined=False)
        if not v.problems or len(v.problems) <= len(page.problems):
            pages.append(v)
    return pages


def packaged_folder() -> Path:
    """The labelled pages shipped with newsarchive: one folder per source."""
    from importlib import resources

    return Path(str(resources.files("newsarchive") / "data" / "labelled"))


def labelled_pages(folder: Path) -> list[Page]:
    """Every labelled page under ``folder``: ``SOURCE/NAME.txt`` beside ``SOURCE/NAME.gold.yaml``
    (a page directly in ``folder`` takes the folder's name as its source)."""
    pages = []
    for gold in sorted(folder.rglob("*.gold.yaml")):
        raw = gold.with_name(gold.name[: -len(".gold.yaml")] + ".txt")
        if raw.exists():
            source = gold.parent.name if gold.parent != folder else folder.name
            pages.append(load_page(raw, gold, source))
    return pages


def train(pages: list[Page], params: dict | None = None) -> tuple[bytes, dict]:
    """Train on pages (sorted by name for determinism); returns (model bytes, metadata)."""
    params = {**PARAMS, **(params or {})}
    pages = sorted(pages, key=lambda p: (p.source, p.name))
    trainer = pycrfsuite.Trainer(verbose=False)
    digest = hashlib.sha256()
    units = 0
    for p in pages:
        if not p.units:
            continue
        trainer.append(page_features(p.units), p.roles)
        digest.update(p.name.encode() + b"\0" + "\x1f".join(p.roles).encode() + b"\0")
        digest.update("".join(u.text for u in p.units).encode())
        units += len(p.units)
    trainer.set_params(params)
    fd, tmp = tempfile.mkstemp(suffix=".crfsuite")
    os.close(fd)
    try:
        trainer.train(tmp)
        model = Path(tmp).read_bytes()
    finally:
        os.unlink(tmp)
    last = trainer.logparser.last_iteration or {}
    iterations = last.get("num", 0)
    if iterations < MIN_ITERATIONS and units > 50:
        raise TrainingError(f"training stopped after {iterations} iterations: the model learned nothing")
    meta = {
        "features_version": FEATURES_VERSION,
        "params": params,
        "pages": [p.name for p in pages],
        "units": units,
        "iterations": iterations,
        "data_digest": digest.hexdigest(),
        "crfsuite": pycrfsuite.__name__,
    }
    return model, meta
