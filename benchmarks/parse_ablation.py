"""Which CRF inputs the held-out figures need: ``parse_eval.py`` with feature families dropped.

    python benchmarks/parse_ablation.py own:sp            # drop the spaced-text feature everywhere
    python benchmarks/parse_ablation.py own:run,own:runlen
    python benchmarks/parse_ablation.py ctx:+2,ctx:-2     # drop the features copied from two units away
    python benchmarks/parse_ablation.py all               # every family in turn, one line each

A family is ``own:NAME`` (a unit's feature ``NAME`` or ``NAME=…``, with its copies on the
neighbours and on a heading run's edges) or ``ctx:PREFIX`` (every copy with that prefix:
``+1``, ``-2``, ``ra``, ``rb``). The dropped features are removed from what the CRF is trained
and tagged on; the heading checks (``parse/restack/``) still see every feature, since they
are not learned. Other arguments go to ``parse_eval.py``. ``all`` prints, per family, the
headline F1 of each source held out, then on new pages of known sources.
"""

from __future__ import annotations

import contextlib
import io
import re
import sys
from pathlib import Path

import pycrfsuite

import newsarchive.parse.roles as roles_mod
import newsarchive.parse.train as train_mod
from newsarchive.parse.features import page_features

sys.path.insert(0, str(Path(__file__).resolve().parent))
import parse_eval  # noqa: E402

FAMILIES = [
    "own:sp", "own:kickdash", "own:subdash", "own:dl", "own:rep", "own:inbr", "own:brnames", "own:credit",
    "own:book", "own:capcue", "own:coltag", "own:namelist", "own:furn", "own:run,own:runlen", "own:mk",
    "own:cut", "own:after", "own:vs_next", "own:vs_prev", "own:gap", "own:fc", "own:lc", "own:sn", "own:ts",
    "own:o", "ctx:+2,ctx:-2", "ctx:+1,ctx:-1", "ctx:ra,ctx:rb",
]
_TAGGER = pycrfsuite.Tagger
"""crfsuite's own tagger (``install`` swaps in one that drops features, each time from this one)."""
_COPY = re.compile(r"^([+-]\d|ra|rb):")


def dropper(spec: str):
    own, ctx = set(), set()
    for part in spec.split(","):
        kind, name = part.split(":", 1)
        (own if kind == "own" else ctx).add(name)

    def keep(x: str) -> bool:
        m = _COPY.match(x)
        if m and m.group(1) in ctx:
            return False
        core = x[m.end():] if m else x
        return core.split("=")[0] not in own

    return keep


def install(keep) -> None:
    """Train and tag on the kept features only; restack still sees them all (the tagger, not
    ``Roles.tag``, drops them)."""
    train_mod.page_features = lambda units: [[x for x in f if keep(x)] for f in page_features(units)]

    class Tagger(_TAGGER):
        def set(self, xseq):
            return super().set([[x for x in f if keep(x)] for f in xseq])

    roles_mod.pycrfsuite.Tagger = Tagger


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    spec, rest = argv[0], argv[1:]
    if spec != "all":
        install(dropper(spec))
        return parse_eval.main(rest)
    for fam in FAMILIES:
        install(dropper(fam))
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            parse_eval.main(rest)
        text = out.getvalue()
        held = re.findall(r"^  parser\s+headline_f1=([\d.]+)", text, re.M)
        pages = text.split("new pages of known sources", 1)[1].split("all sources", 1)[0] \
            if "new pages of known sources" in text else ""
        figs = held + re.findall(r"^  \w+\s+headline_f1=([\d.]+)", pages, re.M)
        print(f"{fam:22s} " + " ".join(figs), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
