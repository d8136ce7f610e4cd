"""Heading structure checked against the role model: what the model's roles and marginals
say once a heading's shape is taken into account (``restack``), applied to every tagging.

The model labels each unit from its features and its neighbours'; these checks look at a whole
heading stack (the title-shaped units above a dateline or a story) and at the notes printed
after a story, where a convention of newspapers settles what one unit's neighbourhood cannot.
Each check is one function, run in the order of ``CHECKS`` below and kept in the module of
what it looks at: ``writers`` (datelines, bylines, writers' lines), ``stacks`` (which line of a
heading is the kicker, the title, the deck or a column's label), ``sections`` (section heads
and summary boxes inside a story), ``notes`` (credits, captions, closing and jump notes,
notices) and ``page`` (the page's furniture and masthead, pages of unpunctuated text); what
they share is in ``shapes``. A check's docstring says what it decides and how often the
labelled pages bear it out, and each was kept only where
``benchmarks/parse_eval.py`` moved and no source fell (``benchmarks/RESULTS.md``, "Heading
structure checked against the model's marginals" and the sections after it). Every check gets
the units, the roles so far, the features (a set per unit) and ``marginal(role, i)`` (the
model's P(role) for unit ``i``), and changes roles in place.
"""

from __future__ import annotations

from ..units import Unit
from .writers import (
    _a_byline_is_followed_by_its_story,
    _a_byline_needs_a_cue,
    _a_dateline_opens_its_story,
    _a_writer_line_is_a_byline,
    _an_officials_line_is_a_byline,
    _another_dispatch_under_the_same_title,
    _titles_over_a_dateline,
)
from .stacks import (
    _a_colon_line_is_a_kicker,
    _a_column_tag_over_a_title_labels_it,
    _a_couplet_over_a_title_line_is_its_kicker,
    _a_dash_kicker_after_a_break_opens_a_story,
    _a_kicker_needs_a_title,
    _a_notice_title_is_a_heading,
    _a_one_clause_deck_is_the_title,
    _a_one_clause_line_over_a_dateline_is_the_title,
    _a_series_label_is_a_heading_line,
    _a_summary_before_the_dateline_is_a_deck,
    _a_title_over_a_kicker_labels_a_column,
    _a_title_over_a_title_labels_it,
    _a_title_passes_the_title_rule,
    _a_title_shaped_line_under_a_title_is_its_deck,
    _no_full_stop_in_a_title,
)
from .sections import (
    _a_dash_lead_in_inside_a_story_heads_a_section,
    _a_section_head_in_running_text,
    _a_summary_boxs_label_and_its_paragraph,
    _section_heads_go_on,
)
from .notes import (
    _a_caption_cue_is_a_caption,
    _a_closing_note_ends_a_story,
    _a_credit_is_a_credit,
    _a_cut_tail_opens_no_heading,
    _a_jump_note_names_a_page,
    _a_notice_is_signed_and_dated,
    _closing_notes,
    _running_text_over_a_credit_is_its_caption,
)
from .page import (
    _a_flattened_pages_masthead,
    _a_short_piece_between_unpunctuated_stories_is_a_title,
    _page_furniture,
)


def restack(units: list[Unit], roles: list[str], feats: list[list[str]], marginal,
            trace: list[str] | None = None) -> list[str]:
    """The model's roles after every check of ``CHECKS``, in order. With ``trace`` (a list as
    long as ``units``), each unit a check changed gets that check's name (the last one's)."""
    # the checks ask whether a unit has a feature many times a unit: a set answers that at once,
    # where a unit's list of some 60 features is scanned to its end for every feature it lacks
    feats = [frozenset(f) for f in feats]
    for check in CHECKS:
        before = list(roles) if trace is not None else None
        check(units, roles, feats, marginal)
        if trace is not None:
            for i, (a, b) in enumerate(zip(before, roles)):
                if a != b:
                    trace[i] = check.__name__.strip("_").replace("_", " ")
    return roles


CHECKS = (
    _titles_over_a_dateline,
    _a_writer_line_is_a_byline,
    _an_officials_line_is_a_byline,
    _a_dateline_opens_its_story,
    _a_title_passes_the_title_rule,
    _no_full_stop_in_a_title,
    _a_kicker_needs_a_title,
    _a_summary_before_the_dateline_is_a_deck,
    _a_title_over_a_title_labels_it,
    _a_credit_is_a_credit,
    _running_text_over_a_credit_is_its_caption,
    _a_one_clause_deck_is_the_title,
    _a_section_head_in_running_text,
    _a_byline_is_followed_by_its_story,
    _section_heads_go_on,
    _a_byline_needs_a_cue,
    _closing_notes,
    _a_colon_line_is_a_kicker,
    _a_series_label_is_a_heading_line,
    _a_title_shaped_line_under_a_title_is_its_deck,
    _another_dispatch_under_the_same_title,
    _a_short_piece_between_unpunctuated_stories_is_a_title,
    _a_dash_lead_in_inside_a_story_heads_a_section,
    _a_summary_boxs_label_and_its_paragraph,
    _a_dash_kicker_after_a_break_opens_a_story,
    _a_couplet_over_a_title_line_is_its_kicker,
    _a_one_clause_line_over_a_dateline_is_the_title,
    _a_title_over_a_kicker_labels_a_column,
    _page_furniture,
    _a_flattened_pages_masthead,
    _a_jump_note_names_a_page,
    _a_caption_cue_is_a_caption,
    _a_cut_tail_opens_no_heading,
    _a_notice_is_signed_and_dated,
    _a_notice_title_is_a_heading,
    _a_column_tag_over_a_title_labels_it,
    _a_closing_note_ends_a_story,
)
"""The checks, in the order they run (a later one sees what the earlier ones decided)."""
