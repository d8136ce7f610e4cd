"""The papers registry: which newspapers the tool knows, and how to recognise them.

This module owns ``data/papers.yaml`` (the packaged list, extended from site.yaml through
``load_registry(extra=...)``) and the two questions asked of it:

* ``Registry.match_masthead`` — which paper does this page's masthead name?
* ``Registry.vote_city`` / ``best_city`` — which city's paper is this page from, judging by the
  place names in the text, when there is no masthead?

A ``Registry`` is immutable once built; the packaged data is read once (``lru_cache``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable

from . import yamlsafe
from .errors import quote
from .urls import RESERVED

ROLES = ("city", "provincial", "national")
_SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")  # always fullmatch: "x\n" is no slug
_CN_RE = re.compile(r"(?<![A-Za-z])CN\s*(\d{2})\s*[-‐‑‒–—−]\s*(\d{4})(?!\d)", re.IGNORECASE)
_FIELDS = ("name", "slug", "city", "role", "pinyin", "cn", "publisher", "markers", "places")

# Masthead match strengths, strongest first.
_BY_CN, _BY_PINYIN, _BY_MARKER, _BY_NAME = 4, 3, 2, 1


@dataclass(frozen=True, slots=True)
class Paper:
    name: str
    slug: str
    city: str | None
    role: str
    pinyin: str | None
    cn: str | None
    publisher: str | None
    markers: tuple[str, ...]
    places: tuple[str, ...]


@dataclass(frozen=True)
class CityVote:
    paper: Paper
    score: float
    hits: tuple[tuple[str, int], ...]  # (place, count) that matched, most frequent first


def _cn_key(text: str) -> str | None:
    """``"CN 22－0010"`` -> ``"CN22-0010"``; None if there is no CN number."""
    m = _CN_RE.search(unicodedata.normalize("NFKC", text))
    return f"CN{m.group(1)}-{m.group(2)}" if m else None


def _letters_key(text: str) -> str:
    """ASCII letters only, uppercased: ``"Liao Yuan Ri Bao"`` -> ``"LIAOYUANRIBAO"``."""
    return _NOT_LETTERS.sub("", unicodedata.normalize("NFKC", text).upper())


_NOT_LETTERS = re.compile(r"[^A-Z]")


def _place_pattern(alternatives: list[str]) -> str:
    """The alternation of ``alternatives`` (in their order), grouped by first character:
    ``辽源市|辽源|东丰`` as ``辽(?:源市|源)|东(?:丰)``. At a place in the text only the group of its
    character can match, and inside it the alternatives keep their order, so what matches is
    what the flat alternation matches; the regex engine steps over one group per first
    character, not over every place name, at each character that opens one."""
    groups: dict[str, list[str]] = {}
    for alt in alternatives:
        groups.setdefault(alt[0], []).append(alt)
    return "|".join(re.escape(first) + "(?:" + "|".join(re.escape(alt[1:]) for alt in alts) + ")"
                    for first, alts in groups.items())


def _strip_shi(city: str) -> str:
    return city[:-1] if len(city) > 1 and city.endswith("市") else city


class RegistryError(ValueError):
    """A registry entry that cannot be used; ``entry`` is its index among the ``extra``
    entries of site.yaml (None for the packaged list)."""

    def __init__(self, message: str, entry: int | None = None):
        super().__init__(message)
        self.entry = entry


class Registry:
    """The known papers, with lookups by name, slug, city, masthead text and place names."""

    __slots__ = ("_papers", "_masthead_keys", "_not_places", "_by_name", "_by_slug", "_by_city", "_place_of",
                 "_place_re")

    def __init__(self, papers: Iterable[Paper], not_places: Iterable[str] = (),
                 origins: Iterable[int | None] = ()) -> None:
        """``origins``: for each paper, the index of the site.yaml entry it comes from (for errors)."""
        self._papers = tuple(papers)
        # what a masthead is matched against, worked out once: each paper's CN number and pinyin as keys
        self._masthead_keys = tuple((_cn_key(p.cn) if p.cn else None, _letters_key(p.pinyin or ""))
                                    for p in self._papers)
        origin = dict(zip((id(p) for p in self._papers), origins))
        self._not_places = tuple(not_places)
        self._by_name: dict[str, Paper] = {}
        self._by_slug: dict[str, Paper] = {}
        self._by_city: dict[str, Paper] = {}
        self._place_of: dict[str, Paper] = {}
        for p in self._papers:
            for key, index, what in ((p.name, self._by_name, "name"), (p.slug, self._by_slug, "slug")):
                if key in index:
                    raise RegistryError(f"papers registry: {what} {quote(key)} is used by both "
                                        f"{index[key].name} and {p.name}; make it unique", origin.get(id(p)))
                index[key] = p
            if p.role != "city":
                continue
            if p.city in self._by_city:
                raise RegistryError(f"papers registry: city {quote(p.city)} has two city papers, "
                                    f"{self._by_city[p.city].name} and {p.name}; keep one", origin.get(id(p)))
            self._by_city[p.city] = p
            for place in p.places:
                other = self._place_of.get(place)
                if other is not None and other is not p:
                    raise RegistryError(f"papers registry: place {quote(place)} is listed for both "
                                        f"{other.name} and {p.name}; an ambiguous place must go", origin.get(id(p)))
                self._place_of[place] = p
        # One alternation, longest first, so 辽源市 is taken whole and never also counted as 辽源.
        alternatives = sorted(set(self._place_of) | set(self._not_places), key=lambda s: (-len(s), s))
        self._place_re = re.compile(_place_pattern(alternatives)) if alternatives else None

    @property
    def papers(self) -> tuple[Paper, ...]:
        return self._papers

    def __setattr__(self, name: str, value: Any) -> None:
        if hasattr(self, "_place_re"):
            raise AttributeError("Registry is immutable")
        object.__setattr__(self, name, value)

    # -- lookups -------------------------------------------------------------------------------

    def by_name(self, name: str) -> Paper | None:
        """The paper with exactly this name, or with this publisher (辽源日报社)."""
        found = self._by_name.get(name)
        if found is None:
            found = next((p for p in self._papers if p.publisher and p.publisher == name), None)
        return found

    def names(self) -> frozenset[str]:
        """Every name ``by_name`` knows: the papers' names and their publishers'."""
        return frozenset(p.name for p in self._papers) | frozenset(p.publisher for p in self._papers if p.publisher)

    def by_slug(self, slug: str) -> Paper | None:
        return self._by_slug.get(slug)

    def by_city(self, city: str) -> Paper | None:
        """The city paper of ``"辽源"`` or ``"辽源市"``."""
        city = city.strip()
        return self._by_city.get(city) or self._by_city.get(_strip_shi(city))

    # -- masthead --------------------------------------------------------------------------------

    def match_masthead(self, text: str) -> Paper | None:
        """The paper a page's top lines name, or None if none (or two, equally strongly) do.

        Strength, strongest first: the CN number; the pinyin (letters only, case-insensitive,
        within one line); the publisher or a marker; the name standing at the start of a line
        (alone or followed by a space), so a byline such as 《人民日报》评论员 does not count.
        """
        cns = {_cn_key(m.group(0)) for m in _CN_RE.finditer(unicodedata.normalize("NFKC", text))}
        lines = [line.strip() for line in text.splitlines()]
        letter_lines = [_letters_key(line) for line in lines]
        best: dict[str, Paper] = {}
        best_strength = 0
        for paper, keys in zip(self._papers, self._masthead_keys):
            strength = self._masthead_strength(paper, keys, text, cns, lines, letter_lines)
            if strength > best_strength:
                best_strength, best = strength, {paper.name: paper}
            elif strength and strength == best_strength:
                best[paper.name] = paper
        return next(iter(best.values())) if len(best) == 1 else None

    @staticmethod
    def _masthead_strength(paper: Paper, keys: tuple[str | None, str], text: str, cns: set[str | None],
                           lines: list[str], letter_lines: list[str]) -> int:
        """``keys``: the paper's CN number and pinyin as ``_cn_key`` and ``_letters_key`` give them."""
        cn, pinyin = keys
        if paper.cn and cn in cns:
            return _BY_CN
        if pinyin and any(pinyin in line for line in letter_lines):
            return _BY_PINYIN
        if any(s and s in text for s in (paper.publisher, *paper.markers)):
            return _BY_MARKER
        n = len(paper.name)
        if any(line.startswith(paper.name) and (len(line) == n or line[n].isspace())
               for line in lines):
            return _BY_NAME
        return 0

    # -- places ----------------------------------------------------------------------------------

    def vote_city(self, text: str) -> list[CityVote]:
        """City papers ranked by how often their places occur in ``text`` (score > 0 only)."""
        if self._place_re is None:
            return []
        counts: dict[str, Counter[str]] = {}
        for m in self._place_re.finditer(text):
            place = m.group(0)
            paper = self._place_of.get(place)
            if paper is not None:  # a not_places phrase matches, and counts for nobody
                found = counts.get(paper.name)
                if found is None:
                    found = counts[paper.name] = Counter()
                found[place] += 1
        votes = [
            CityVote(
                paper=self._by_name[name],
                score=float(sum(c.values())),
                hits=tuple(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))),
            )
            for name, c in counts.items()
        ]
        votes.sort(key=lambda v: (-v.score, v.paper.name))
        return votes

    def best_city(self, text: str, min_margin: float = 1.5) -> CityVote | None:
        """The top vote if its score is >= 2 and >= ``min_margin`` x the runner-up's, else None."""
        votes = self.vote_city(text)
        if not votes or votes[0].score < 2:
            return None
        if len(votes) > 1 and votes[0].score < min_margin * votes[1].score:
            return None
        return votes[0]


# -- loading --------------------------------------------------------------------------------------


def _label(source: str, entry: dict, index: int) -> str:
    """How an error names an entry: ``extra entry 2 (名字报)``."""
    name = entry.get("name")
    shown = name if isinstance(name, str) and len(name) <= 40 else quote(name, 40) if name else ""
    return f"{source} entry {index + 1} ({shown})" if shown else f"{source} entry {index + 1}"


def _strings(value: Any, field: str, label: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise ValueError(f"papers registry: {label}: {field} must be a list of strings, "
                         f"e.g. {field}: [a, b]")
    bad = [v for v in value if not isinstance(v, str) or not v.strip()]
    if bad:
        raise ValueError(f"papers registry: {label}: {field} holds non-text or empty items {quote(bad)}")
    return tuple(v.strip() for v in value)


def _optional_text(value: Any, field: str, label: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"papers registry: {label}: {field} must be text or null, not {quote(value)}")
    return value.strip() or None


def _paper(entry: dict, label: str) -> Paper:
    unknown = sorted(str(k) for k in set(entry) - set(_FIELDS))
    if unknown:
        raise ValueError(f"papers registry: {label}: unknown field(s) {quote(', '.join(unknown))}; "
                         f"the fields are {', '.join(_FIELDS)}")
    name = _optional_text(entry.get("name"), "name", label)
    if not name:
        raise ValueError(f"papers registry: {label}: name is required")
    slug = entry.get("slug")
    if not isinstance(slug, str) or not _SLUG_RE.fullmatch(slug):
        raise ValueError(f"papers registry: {label}: slug {quote(slug)} is invalid; use lowercase "
                         f"ASCII letters, digits and '-', starting with a letter or digit, at most 64 "
                         f"(e.g. the city's pinyin: liaoyuan)")
    if slug in RESERVED:
        raise ValueError(f"papers registry: {label}: slug {slug!r} is taken by the site's own pages "
                         f"({', '.join(sorted(RESERVED))}); choose another, e.g. the city's pinyin")
    role = entry.get("role")
    if role not in ROLES:
        raise ValueError(f"papers registry: {label}: role {quote(role)} must be one of {', '.join(ROLES)}")
    city = _optional_text(entry.get("city"), "city", label)
    city = _strip_shi(city) if city else None
    if role == "city" and not city:
        raise ValueError(f"papers registry: {label}: a city paper needs city: (e.g. city: 辽源)")
    cn = _optional_text(entry.get("cn"), "cn", label)
    if cn is not None:
        if _cn_key(cn) is None:
            raise ValueError(f"papers registry: {label}: cn {quote(cn)} is not a CN number like "
                             f"CN22-0010; use null when unsure")
        cn = _cn_key(cn)
    return Paper(
        name=name,
        slug=slug,
        city=city,
        role=role,
        pinyin=_optional_text(entry.get("pinyin"), "pinyin", label),
        cn=cn,
        publisher=_optional_text(entry.get("publisher"), "publisher", label),
        markers=_strings(entry.get("markers"), "markers", label),
        places=_strings(entry.get("places"), "places", label),
    )


@lru_cache(maxsize=1)
def _packaged() -> tuple[tuple[dict, ...], tuple[str, ...]]:
    text = resources.files("newsarchive").joinpath("data/papers.yaml").read_text(encoding="utf-8")
    data = yamlsafe.load(text) or {}
    return tuple(data.get("papers") or ()), tuple(data.get("not_places") or ())


def load_registry(extra: list[dict] | None = None) -> Registry:
    """The packaged registry, with ``extra`` entries (from site.yaml) merged in by name.

    An extra entry whose name exists overrides the fields it gives; a new name is appended.
    Raises ``RegistryError`` (a ValueError) naming the entry and what to fix; its ``entry``
    is the index of the extra entry at fault.
    """
    packaged = _packaged()[0]
    entries: list[dict] = [dict(e) for e in packaged]
    labels = [_label("papers.yaml", e, i) for i, e in enumerate(packaged)]
    origins: list[int | None] = [None] * len(entries)
    index = {e.get("name"): i for i, e in enumerate(entries)}
    for i, entry in enumerate(extra or ()):
        if not isinstance(entry, dict):
            raise RegistryError(f"papers registry: extra entry {i + 1} must be a mapping "
                                f"(name: ..., slug: ...), not {quote(entry)}", i)
        name = entry.get("name")
        if not isinstance(name, (str, type(None))):
            raise RegistryError(f"papers registry: {_label('extra', entry, i)}: name must be text, "
                                f"not {quote(name)}", i)
        if name in index:
            entries[index[name]] = {**entries[index[name]], **entry}
            labels[index[name]] = _label("extra", entry, i)
            origins[index[name]] = i
        else:
            index[name] = len(entries)
            entries.append(dict(entry))
            labels.append(_label("extra", entry, i))
            origins.append(i)
    papers = []
    for e, label, origin in zip(entries, labels, origins):
        try:
            papers.append(_paper(e, label))
        except RegistryError:
            raise
        except ValueError as err:
            raise RegistryError(str(err), origin) from None
    return Registry(papers, _packaged()[1], origins)
