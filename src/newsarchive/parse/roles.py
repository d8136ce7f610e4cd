"""The role model: a linear-chain CRF (python-crfsuite) that labels each unit with its role.

The trained model ships in the package (``data/roles.crfsuite``, a crfsuite binary model: only
weights, never code) beside ``data/roles.json`` (the feature version, the training data's
digest and its scores). ``Roles`` loads it once per process.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources

import pycrfsuite

from .features import FEATURES_VERSION, _titleish, page_features
from .units import Unit

MODEL = "roles.crfsuite"
META = "roles.json"


class ModelError(Exception):
    """The role model cannot be used (missing, damaged, or made for other features)."""


@dataclass(slots=True)
class Tagged:
    roles: list[str]
    confidence: list[float]
    """P(chosen role) per unit, from the CRF's marginals."""
    features: list[list[str]]


class Roles:
    """A loaded role model."""

    def __init__(self, model: bytes, meta: dict | None = None) -> None:
        meta = meta or {}
        if meta.get("features_version", FEATURES_VERSION) != FEATURES_VERSION:
            raise ModelError(
                f"the role model was trained for features version {meta.get('features_version')}, "
                f"this code has {FEATURES_VERSION}: retrain it with `newsarchive train`"
            )
        self.meta = meta
        self.model = model
        self._tagger = pycrfsuite.Tagger()
        try:
            self._tagger.open_inmemory(model)
        except Exception as exc:  # crfsuite reports a bad file as a generic error
            raise ModelError(f"the role model cannot be read ({exc}): retrain it with `newsarchive train`") from exc
        self.labels = list(self._tagger.labels())
        self._cached_info = None

    def tag(self, units: list[Unit], explain: bool = False) -> Tagged:
        feats = page_features(units)
        if not units:
            return Tagged([], [], feats)
        self._tagger.set(feats)
        known = set(self.labels)
        tagger = self._tagger

        def marginal(label: str, i: int) -> float:
            return tagger.marginal(label, i) if label in known else 0.0

        tagged = list(tagger.tag())
        roles = restack(units, list(tagged), feats, marginal)
        # a role re-split from a trained one (a source note labelled sign) keeps its confidence
        conf = [marginal(r if r in known else t, i) for i, (r, t) in enumerate(zip(roles, tagged))]
        return Tagged(roles, conf, feats)

    def explain(self, units: list[Unit], top: int = 6) -> list[dict]:
        """Why each unit got its role: the role and its probability, the runner-up, and the
        features that weigh most for the chosen role against the runner-up."""
        tagged = self.tag(units)
        if not units:
            return []
        info = self._info()
        out = []
        for i, (role, feats) in enumerate(zip(tagged.roles, tagged.features)):
            probs = self.marginals(i)
            ranked = sorted(probs.items(), key=lambda kv: -kv[1])
            runner = next((lab for lab, _ in ranked if lab != role), None)
            weights = []
            for f in feats:
                w = info.state_features.get((f, role), 0.0) - (info.state_features.get((f, runner), 0.0) if runner else 0.0)
                if w:
                    weights.append((f, round(w, 3)))
            weights.sort(key=lambda fw: -abs(fw[1]))
            prev = tagged.roles[i - 1] if i else None
            out.append({
                "role": role,
                "p": round(probs.get(role, 0.0), 3),
                "runner_up": runner,
                "p_runner_up": round(probs.get(runner, 0.0), 3) if runner else 0.0,
                "features": weights[:top],
                "transition": round(info.transitions.get((prev, role), 0.0), 3) if prev else None,
            })
        return out

    def _info(self):
        if self._cached_info is None:
            self._cached_info = self._tagger.info()
        return self._cached_info

    def marginals(self, i: int) -> dict[str, float]:
        """P(role) for unit ``i`` of the last tagged page, for every role."""
        return {lab: self._tagger.marginal(lab, i) for lab in self.labels}

    def info(self):
        return self._info()


def _title_shaped(f: list[str]) -> bool:
    """The title rule's verdict in a unit's features (``ts=``, right after ``bias`` and ``o=``:
    looked up there first, since most units are running text)."""
    x = f[2] if len(f) > 2 and f[2].startswith("ts=") else next((x for x in f if x.startswith("ts=")), "ts=-")
    return x != "ts=-"


HEAD_ROLES = ("B-head", "I-head")
STACK_ROLES = ("kicker", "B-head", "I-head", "subhead", "column")


def restack(units: list[Unit], roles: list[str], feats: list[list[str]], marginal) -> list[str]:
    """What the structure of a heading says about the model's roles (``marginal(role, i)`` is
    the model's P(role) for unit ``i``), measured in benchmarks/RESULTS.md:

    * title-shaped lines read as running text right over a dateline (〔本報青島廿四日電〕), or
      over a line that names a reporter set apart by spaces with no sentence mark (本报记者 王茵),
      are its heading, and that line its byline: so they are in 89 of the 90 cases in the
      labelled pages (the 90th a summary line), and a dateline inside a story follows its
      running text. (Spaces, not mere shortness: running text broken at a column's width puts
      记者 in short pieces too.)
    * a heading's main title is a line the title rule accepts: a unit labelled head that the
      rule rejects (two clauses, a full stop inside: a summary deck printed above a dateline)
      gives the head to the title-shaped unit of its heading stack (or the one right above
      it) that the model finds likeliest to be a head, and becomes its deck (or its kicker,
      when it stands above it);
    * a one-line title does not stand right over the start of another title (once in the 62
      heading stacks of the labelled pages): unless the model gives it more than half its
      probability, it is the label of the title below (a column label such as 新闻速递) or its
      kicker, whichever the model finds likelier;
    * ``sign`` covers every attribution printed after a story; one that reads as a source note
      (转自…) or a jump note (下转第X版), and is no dateline or reporter credit, is that note.
    """
    n = len(roles)
    for j in range(1, n):
        # title-shaped lines right over a dateline are its heading
        if roles[j - 1] != "body" or roles[j] not in ("body", "byline", "B-head", "I-head"):
            continue
        if not _title_shaped(feats[j - 1]):
            continue  # running text: most units
        f = feats[j]
        if not ("dl" in f or "rep" in f and "sn=0" in f and any(x.startswith("sp=") for x in f)):
            continue
        a = j
        while a > 0 and roles[a - 1] == "body" and _titleish(feats[a - 1]):
            a -= 1
        if a == j:
            continue
        roles[a] = "B-head"
        for k in range(a + 1, j):
            roles[k] = "I-head"
        roles[j] = "byline"
    for i in range(n):
        if roles[i] not in HEAD_ROLES or units[i].flat or "ts=-" not in feats[i]:
            continue
        a = i
        while a > 0 and roles[a - 1] in STACK_ROLES:
            a -= 1
        b = i
        while b + 1 < n and roles[b + 1] in STACK_ROLES:
            b += 1
        lo = a - 1 if a > 0 and a == i and roles[a - 1] not in ("body", "byline") else a
        cands = [k for k in range(max(lo, 0), b + 1) if k != i and _titleish(feats[k])]
        if not cands:
            continue
        k = max(cands, key=lambda k: marginal("B-head", k) + marginal("I-head", k))
        roles[k] = "B-head"
        roles[i] = "subhead" if i > k else "kicker"
    for i in range(n - 1):
        # a one-line title does not stand right over the start of another title: it labels it
        if (roles[i] == "B-head" and roles[i + 1] in ("B-head", "kicker") and not units[i].flat
                and marginal("B-head", i) < 0.5):
            roles[i] = max(("column", "kicker"), key=lambda r: marginal(r, i))
    for i in range(n):
        if roles[i] == "sign":
            if "source" in feats[i] and "dl" not in feats[i] and "rep" not in feats[i]:
                roles[i] = "source"
            elif "jump" in feats[i]:
                roles[i] = "jump"
    return roles


_PACKAGED: Roles | None = None
_ACTIVE: Roles | None = None


def use(model: Roles | None) -> None:
    """Make ``model`` the one ``parse_lines`` uses in this process (and in the processes it
    forks): a site's own model; None goes back to the packaged one."""
    global _ACTIVE
    _ACTIVE = model


def active() -> Roles:
    return _ACTIVE if _ACTIVE is not None else packaged()


def digest_of(model: Roles) -> str:
    return hashlib.sha256(model.model).hexdigest()


def packaged_meta() -> dict:
    return packaged().meta


def packaged() -> Roles:
    """The model shipped with newsarchive (loaded once per process)."""
    global _PACKAGED
    if _PACKAGED is None:
        base = resources.files("newsarchive") / "data"
        try:
            model = (base / MODEL).read_bytes()
        except OSError as exc:
            raise ModelError(f"the packaged role model is missing ({exc}): reinstall newsarchive") from exc
        try:
            meta = json.loads((base / META).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {}
        _PACKAGED = Roles(model, meta)
    return _PACKAGED
