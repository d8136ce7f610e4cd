#!/usr/bin/env bash
# Issue 12: plant each listed one-line bug, run the test meant to catch it, restore the file.
# Usage (from the repository root, in the test environment): bash tests/tools/plant_issue12.sh
# Every block below should print "=> N failed"; the file is always restored.
set -u
cd "$(dirname "$0")/../.."
plant() { python tests/tools/plant.py "$@"; echo; }
B=tests/test_behaviours.py

echo "## the ten behaviours"
plant src/newsarchive/parse/bylines.py '    text = re.sub(r"[（）()]", " ", text)' '    text = re.sub(r"[()]", " ", text)' -- $B -k bracket
plant src/newsarchive/parse/bylines.py '    text = re.sub(r"[（）()]", " ", text)' '    text = re.sub(r"[（）]", " ", text)' -- $B -k bracket
plant src/newsarchive/archive.py '            groups[(slug, pf.facts.date, "")].append(pf)' '            groups[(next((k[0] for k in groups if k[1] == pf.facts.date), slug), pf.facts.date, "")].append(pf)' -- $B -k two_papers
plant src/newsarchive/write.py 'deletes = sorted(rel for rel in self.previous.files if rel not in self.files)' 'deletes = sorted(rel for rel in self.previous.files if rel not in self.files and rel in self.staged)' -- $B -k deletion
plant src/newsarchive/pages.py '{"caption_html": inline_html("".join(f.body)),' '{"caption_html": __import__("markupsafe").Markup("".join(f.body)),' -- $B -k hostile
plant src/newsarchive/search/format.py 'if max(vals) < 128:' 'if max(vals) <= 128:' -- $B -k "varint or postings"
plant src/newsarchive/pages.py '        h.update(f"\0{n}={author_slugs.get(n)}".encode("utf-8"))' '        h.update(f"\0{n}".encode("utf-8"))' -- $B -k incremental
plant src/newsarchive/corrections.py '            other.figures = [f + 1 if f > i else f for f in other.figures]' '            other.figures = [f for f in other.figures]' -- $B -k split
plant src/newsarchive/write.py '            _apply(done, out)' '            shutil.rmtree(done, ignore_errors=True)' -- tests/test_incremental.py -k killed
plant src/newsarchive/corrections.py '    if changed or note:' '    if changed:' -- $B -k note
plant src/newsarchive/write.py '        _prune_empty(target.parent, out)' '        pass' -- $B -k "deletion or incremental"

echo "## the weak tests, fixed"
plant src/newsarchive/parse/__init__.py 'solid_len(text_of[ln][s:e])' 'solid_len({x.no: x.text for x in lines}[ln][s:e])' -- tests/test_hostile.py -k quadratic
plant src/newsarchive/parse/decode.py '            prev.byline = f"{prev.byline} {u.text}"' '            prev.byline = f"{prev.byline}"' -- tests/test_lossless.py
plant src/newsarchive/parse/decode.py '        art.credit = f"{art.credit} {u.text}"' '        art.credit = art.credit' -- tests/test_lossless.py
plant src/newsarchive/parse/bylines.py '    text = re.sub(r"[（）()]", " ", text)' '    text = re.sub(r"[（）]", " ", text)' -- tests/test_golden.py -k "gold_labels or known_miss"
plant src/newsarchive/papers.py '        return votes[0]' '        return votes[-1]' -- tests/test_papers.py -k best_city
plant src/newsarchive/theme/templates/issue.html '<span>今日{{ issue.page_count }}版</span>' '<span>今日{{ issue.page_count + 1 }}版</span>' -- tests/test_site.py -k issue_page
plant src/newsarchive/pages.py '        counts[(i.date.year, i.date.month)] += 1' '        counts[(i.date.year, i.date.month % 12 + 1)] += 1' -- tests/test_site.py -k calendar
plant src/newsarchive/pipeline.py '                    html = converter.convert(render_page(env, page, site, HANT, HANS))' '                    html = render_page(env, page, site, HANT, HANS)' -- tests/test_traditional.py -k variants
plant src/newsarchive/theme/static/style.css '  --serif: "Noto Serif CJK SC",' '  --serif: "Noto Sans CJK SC",' -- tests/test_browser.py -k dark_mode
