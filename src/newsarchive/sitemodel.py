"""The site's role model: the packaged model, or one trained with the site's own labels.

An editor labels pages of the paper being archived (``newsarchive label FILE``; the labels live
in the folder ``labels:`` names, mirroring the corpus: ``labels/<path>.gold.yaml`` labels
``corpus/<path>.txt``). The site model is trained on the packaged labelled pages plus these,
the site's weighing more (``train.SITE_WEIGHT``), deterministically, and kept in the cache under
a key made of everything it is trained from; a build whose labels did not change finds it
there and does not retrain. A site without labels uses the packaged model, unchanged.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from .config import SiteConfig
from .parse import features, roles, train

KFOLD = 3
"""Folds for the held-out score of a site model (fewer when there are fewer labelled pages)."""


@dataclass
class SiteModel:
    roles: roles.Roles
    digest: str
    """What the records depend on: the model's weights (packaged or trained)."""
    labelled: list = field(default_factory=list)
    """The site's labelled pages (``train.Page``), empty for the packaged model."""
    trained: bool = False
    """Trained in this run (labels changed, or no cached model)."""

    @property
    def meta(self) -> dict:
        return self.roles.meta


def labels_dir(config: SiteConfig) -> Path:
    return (config.root / config.labels).resolve()


def label_path(config: SiteConfig, rel: str) -> Path:
    """Where the labels of the corpus file ``rel`` live: ``labels/<rel without .txt>.gold.yaml``."""
    return labels_dir(config) / (rel.removesuffix(".txt") + ".gold.yaml")


def site_pages(config: SiteConfig) -> tuple[list[train.Page], list[str]]:
    """The site's labelled pages (each gold file with its corpus file), and the gold files
    whose corpus file is missing."""
    folder = labels_dir(config)
    pages, orphans = [], []
    if not folder.is_dir():
        return pages, orphans
    for gold in sorted(folder.rglob("*.gold.yaml")):
        rel = gold.relative_to(folder).as_posix()[: -len(".gold.yaml")] + ".txt"
        raw = config.corpus_dir / rel
        if not raw.is_file():
            orphans.append(gold.relative_to(config.root).as_posix())
            continue
        page = train.load_page(raw, gold, "site")
        page.name = rel
        pages.append(page)
    return pages, orphans


def _key(pages: list[train.Page]) -> str:
    """Everything a site model is trained from: the packaged training data and model recipe,
    and the bytes of the site's labelled pages."""
    h = hashlib.sha256(f"site-model\0{features.FEATURES_VERSION}\0{json.dumps(train.PARAMS, sort_keys=True)}\0"
                       f"{train.SITE_WEIGHT}\0{train.AUGMENT}\0{train.META_VERSION}\0".encode("utf-8"))
    h.update(roles.packaged_meta().get("data_digest", "").encode("ascii"))
    for p in sorted(pages, key=lambda p: p.name):
        h.update(p.name.encode("utf-8") + b"\0" + p.raw_path.read_bytes() + b"\0" + p.gold_path.read_bytes() + b"\0")
    return h.hexdigest()


def prepare(config: SiteConfig, write: bool = True, force: bool = False) -> SiteModel:
    """The model this site parses with, made active for ``parse_lines`` in this process (and in
    the worker processes it forks). Trains it when the labels changed (or ``force``); with
    ``write`` the trained model goes into the cache."""
    pages, _ = site_pages(config)
    if not pages:
        model = roles.packaged()
        roles.use(model)
        return SiteModel(model, roles.digest_of(model))
    key = _key(pages)
    folder = config.root / config.cache / "model"
    path, meta_path = folder / f"roles-{key[:24]}.crfsuite", folder / f"roles-{key[:24]}.json"
    if not force and path.is_file() and meta_path.is_file():
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if meta.get("site_key") == key:
                model = roles.Roles(path.read_bytes(), meta)
                roles.use(model)
                return SiteModel(model, roles.digest_of(model), pages)
        except (OSError, ValueError, roles.ModelError):
            pass  # a damaged cached model: train again
    model = train_model(pages, key)
    if write:
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("roles-*"):
            old.unlink()
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(model.model)
        tmp.replace(path)
        meta_path.write_text(json.dumps(model.meta, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                             encoding="utf-8")
    roles.use(model)
    return SiteModel(model, roles.digest_of(model), pages, trained=True)


def train_model(pages: list[train.Page], key: str | None = None) -> roles.Roles:
    started = time.perf_counter()
    packaged = train.labelled_pages(train.packaged_folder())
    model = select(packaged, pages, roles.packaged())
    model.meta["seconds"] = round(time.perf_counter() - started, 1)
    model.meta["site_key"] = key or _key(pages)
    return model


def select(packaged: list[train.Page], pages: list[train.Page], baseline: roles.Roles) -> roles.Roles:
    """The site model (packaged pages plus the site's labels), kept only where the site's own
    labels say it reads the site's pages better than ``baseline`` (the model trained without
    them): its headline F1 on labelled pages held out of its training (k-fold) against the
    baseline's on the same pages, which it never saw; a tie keeps the baseline (the site model
    must earn its place). With one labelled page nothing can be held out, and the site model is
    used. ``meta["site_scores"]`` says what was chosen and why.

    Measured (``benchmarks/learning_curve.py``): on the labelled sources, two or four pages of
    a paper make the site model read the rest of that paper worse than the model without them
    (人民日报 0.81 -> 0.76 headline F1 with two pages), and the held-out check sees it."""
    data, meta = train.fit_site(packaged, [_fresh(p) for p in pages])
    figures = scores(pages, data, meta, packaged)
    if "held_out" in figures:
        from .labels import compare

        figures["baseline"] = _f1([compare(p, baseline) for p in pages])
        if figures["held_out"] <= figures["baseline"]:
            figures["used"] = "baseline"
            return roles.Roles(baseline.model, {**baseline.meta, "site_pages": meta["site_pages"],
                                                "site_scores": figures})
    figures["used"] = "site"
    meta["site_scores"] = figures
    return roles.Roles(data, meta)


def _fresh(p: train.Page) -> train.Page:
    page = train.load_page(p.raw_path, p.gold_path, p.source)
    page.name = p.name
    return page


def scores(pages: list[train.Page], model: bytes, meta: dict, packaged: list[train.Page] | None = None) -> dict:
    """The site model's headline F1 on its own labels, and on labelled pages held out of its
    training (k-fold over the site's pages; the packaged pages always in)."""
    from .labels import compare

    own = roles.Roles(model, meta)
    figures = {"pages": len(pages), "own": _f1([compare(p, own) for p in pages])}
    k = min(KFOLD, len(pages))
    if k >= 2:
        packaged = packaged if packaged is not None else train.labelled_pages(train.packaged_folder())
        held = []
        for fold in range(k):
            test = [p for i, p in enumerate(pages) if i % k == fold]
            rest = [_fresh(p) for i, p in enumerate(pages) if i % k != fold]
            m, mm = train.fit_site(packaged, rest)
            held.extend(compare(p, roles.Roles(m, mm)) for p in test)
        figures["held_out"] = _f1(held)
        figures["folds"] = k
    return figures


def _f1(results) -> float:
    hit = sum(r.matched for r in results)
    gold = sum(r.gold for r in results)
    pred = sum(r.predicted for r in results)
    if not gold and not pred:
        return 1.0
    p = hit / pred if pred else 0.0
    r = hit / gold if gold else 0.0
    return round(2 * p * r / (p + r), 3) if p + r else 0.0
