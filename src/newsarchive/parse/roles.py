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

from .features import FEATURES_VERSION, SHAPE_FEATURES, page_features_and_own
from .restack import restack
from .units import Unit

MODEL = "roles.crfsuite"
META = "roles.json"


_NO_TITLE_SHAPE = ("ts=-",)


class ModelError(Exception):
    """The role model cannot be used (missing, damaged, or made for other features)."""


@dataclass(slots=True)
class Tagged:
    roles: list[str]
    confidence: list[float]
    """P(chosen role) per unit, from the CRF's marginals."""
    features: list[list[str]]
    model_roles: list[str] | None = None
    """The CRF's own roles, before the heading checks (``restack/``) changed some."""
    changed_by: list[str] | None = None
    """Per unit, the heading check that last changed its role ("" where none did); only when
    tagged with ``explain``."""


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
        self._known = frozenset(self.labels)
        self._cached_info = None

    def tag(self, units: list[Unit], explain: bool = False) -> Tagged:
        feats, own = page_features_and_own(units)
        if not units:
            return Tagged([], [], feats)
        self._tagger.set(feats)
        known = self._known
        tagger = self._tagger

        def marginal(label: str, i: int) -> float:
            return tagger.marginal(label, i) if label in known else 0.0

        tagged = list(tagger.tag())
        trace = [""] * len(units) if explain else None
        roles = restack(units, list(tagged), self._checked(units, own), marginal, trace)
        # a role re-split from a trained one (a source note labelled sign) keeps its confidence
        # (``marginal`` of the role, else of the model's own, written out: one call a unit)
        point = tagger.marginal
        conf = [point(r, i) if r in known else point(t, i) if t in known else 0.0
                for i, (r, t) in enumerate(zip(roles, tagged))]
        return Tagged(roles, conf, feats, tagged, trace)

    def _checked(self, units: list[Unit], own: list[frozenset[str]]) -> list[frozenset[str]]:
        """The units' own features (``page_features_and_own``) as the heading checks read them:
        a line longer than any title line the model was trained on (``meta["longest_title"]``)
        is no title (``ts=-``). ``own`` is changed in place."""
        longest = self.meta.get("longest_title")
        if not longest:
            return own
        no_title = _NO_TITLE_SHAPE[0]
        for i, u in enumerate(units):
            # (a unit already shaped as no title, most long ones, would get the same set)
            if (len(u.text) > longest and not u.flat and no_title not in own[i]
                    and len("".join(u.text.split())) > longest):
                own[i] = own[i].difference(SHAPE_FEATURES).union(_NO_TITLE_SHAPE)
        return own

    def explain(self, units: list[Unit], top: int = 6) -> list[dict]:
        """Why each unit got its role: the role and its probability, the runner-up, the
        features that weigh most for the chosen role against the runner-up, and the model's
        own role where the heading checks (``restack/``) changed it."""
        tagged = self.tag(units, explain=True)
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
                "model": tagged.model_roles[i] if tagged.model_roles else role,
                "check": tagged.changed_by[i] if tagged.changed_by else "",
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
