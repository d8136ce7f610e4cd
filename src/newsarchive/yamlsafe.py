"""The one YAML loader for site.yaml, sidecars and the papers registry.

PyYAML's ``SafeLoader`` builds only plain data, but it accepts anchors and aliases: a
500-byte file of nested aliases stands for gigabytes once anything walks it (an error
message formatting the value, a copy, a comparison). Nothing in a site.yaml or a sidecar
needs them, so ``StrictLoader`` refuses both with the line of the first one.
"""

from __future__ import annotations

import yaml
from yaml.composer import ComposerError
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent

ANCHOR_HINT = ("write the value out in full: anchors (&name), aliases (*name) and merge keys (<<) are not "
               "allowed, since a few of them can make a small file expand to gigabytes")


class AnchorError(ComposerError):
    """An anchor or alias in a file that may not have one."""


class StrictLoader(yaml.SafeLoader):
    """``SafeLoader`` without anchors and aliases."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise AnchorError(None, None, f"alias *{event.anchor} found: aliases are not allowed", event.start_mark)
        if isinstance(event, (ScalarEvent, CollectionStartEvent)) and event.anchor is not None:
            raise AnchorError(None, None, f"anchor &{event.anchor} found: anchors are not allowed", event.start_mark)
        return super().compose_node(parent, index)


def compose(text: str) -> yaml.Node | None:
    """The node tree of one YAML document (``None`` for an empty one); ``yaml.YAMLError``
    (``AnchorError`` for anchors and aliases), ``RecursionError`` for absurd nesting."""
    loader = StrictLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def construct(node: yaml.Node) -> object:
    """Plain Python data (dict, list, str, int, float, bool, None, date) for a node tree."""
    return yaml.constructor.SafeConstructor().construct_document(node)


def load(text: str) -> object:
    node = compose(text)
    return None if node is None else construct(node)


def error_line(err: Exception) -> int:
    """The 1-based line a YAML error points at (0 when it has none)."""
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    return mark.line + 1 if mark is not None else 0


def error_text(err: Exception) -> str:
    problem = getattr(err, "problem", None)
    return problem or (str(err).splitlines() or [type(err).__name__])[0]
