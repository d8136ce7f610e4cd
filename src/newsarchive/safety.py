"""What a build may touch, checked before it touches anything (Hugo's and Zola's rules, strict).

A build replaces its output folder wholesale, so the output folder must be the build's own:

* not the site folder, nor a folder that holds it, the corpus, the templates, the static
  files or the cache (``output: .``, ``output: corpus`` would delete them);
* not inside the corpus, the templates, the static files or the cache (the next build would
  read its own output back as input, or a ``rm -rf .cache`` would delete the site);
* not a non-empty folder the build did not make: a folder counts as made by newsarchive when
  its manifest (``.NAME.manifest``, beside it) is there (``output: docs`` on a folder of
  Markdown files is refused, never emptied);
* the cache must be a folder (or not exist yet), and not hold the site or its inputs.

Templates and static files are read only from their folders: a symlink in them that leads
outside is an error. Each problem is an error on the ``site.yaml`` line of the key at fault
naming both paths; the build then stops before it writes anything.
"""

from __future__ import annotations

import os
from pathlib import Path

from .config import SiteConfig
from .errors import Diagnostic, Severity, quote
from .write import OWNED, manifest_path, read_manifest

HINT_OWN = "give the output a folder of its own, e.g. output: public"


def _within(path: Path, folder: Path) -> bool:
    """``path`` is ``folder`` or inside it (both resolved)."""
    return path == folder or folder in path.parents


def check_paths(config: SiteConfig) -> list[Diagnostic]:
    """Every reason not to build ``config`` as it stands (empty when it is safe)."""
    name = config.source or "site.yaml"
    root = config.root.resolve()
    out = config.output_dir
    found: list[Diagnostic] = []

    def show(path: Path) -> str:
        return path.relative_to(root).as_posix() or "." if _within(path, root) else str(path)

    def error(key: str, message: str, hint: str, code: str = "unsafe-output", other: str = "") -> None:
        """On the line of ``key`` (or of ``other``, the key it clashes with, when ``key`` is a default)."""
        line = config.line_of(key) or (config.line_of(other) if other else 0)
        found.append(Diagnostic(Severity.ERROR, name, line, message, hint, code=code))

    inputs = {"corpus": config.corpus_dir, "templates": (root / config.templates).resolve(),
              "static": (root / config.static).resolve(), "cache": (root / config.cache).resolve()}
    if _within(root, out):
        error("output", f"the output folder {show(out)} is the site folder {root} or holds it: a build would "
                        "replace site.yaml, the corpus and everything else there", HINT_OWN)
    else:
        for key, path in inputs.items():
            if _within(path, out):
                how = "is" if path == out else "holds"
                error("output", f"the output folder {show(out)} {how} the {key} folder {show(path)}: "
                                f"a build would replace it", HINT_OWN, other=key)
            elif _within(out, path):
                error("output", f"the output folder {show(out)} lies inside the {key} folder {show(path)}: "
                                "the site would be read back as input (or deleted with it)", HINT_OWN, other=key)
    cache = inputs["cache"]
    if cache.exists() and not cache.is_dir():
        error("cache", f"the cache {show(cache)} is a file, not a folder",
              "point `cache:` at a folder (it is made when missing), e.g. cache: .cache", code="bad-cache")
    for key in ("corpus", "templates", "static"):
        if _within(inputs[key], cache) or _within(root, cache):
            error("cache", f"the cache folder {show(cache)} holds the {key if not _within(root, cache) else 'site'} "
                           f"folder {show(inputs[key] if not _within(root, cache) else root)}: the cache is "
                           "meant to be safe to delete", "give the cache a folder of its own, e.g. cache: .cache",
                  code="bad-cache")
            break
    if not found:
        _output_folder(out, show, error)
    for key in ("templates", "static"):
        found.extend(_links_out(name, config.line_of(key), inputs[key], show))
    return found


def _output_folder(out: Path, show, error) -> None:
    """The output folder itself: a folder (or nothing yet) that newsarchive made."""
    if out.exists() and not out.is_dir():
        error("output", f"the output {show(out)} is a file, not a folder", HINT_OWN)
        return
    parent = out.parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        error("output", f"the output folder {show(out)} cannot be made: {show(parent)} is a file", HINT_OWN)
        return
    if out.is_dir():
        try:
            with os.scandir(out) as entries:
                empty = next(entries, None) is None
        except OSError as exc:
            error("output", f"the output folder {show(out)} cannot be read: {exc.strerror or exc}",
                  "check its permissions")
            return
        if not empty and read_manifest(out, head_only=True)[1] not in OWNED:
            error("output", f"the output folder {show(out)} is not empty and was not made by newsarchive "
                            f"(no {manifest_path(out).name} beside it): a build would delete what it holds",
                  "move its files away or delete the folder yourself if it is an old site, or choose another "
                  "folder, e.g. output: public")


def _links_out(name: str, line: int, folder: Path, show) -> list[Diagnostic]:
    """Symlinks in ``folder`` whose target lies outside it (they would publish or run any
    file of the machine)."""
    if not folder.is_dir():
        return []
    real = os.path.realpath(folder)
    found = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        for entry in sorted(dirnames + filenames):
            path = Path(dirpath) / entry
            if not path.is_symlink():
                continue
            target = os.path.realpath(path)
            if target != real and not target.startswith(real.rstrip(os.sep) + os.sep):
                found.append(Diagnostic(
                    Severity.ERROR, show(path), 0,
                    f"symlink leads outside {show(folder)} (to {quote(os.readlink(path))}); nothing is built",
                    f"copy the file into {show(folder)} if it belongs to the site", code="symlink-outside"))
    return found
