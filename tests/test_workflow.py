"""The publishing workflow: every pull request is checked and built without deploying; a push
to main checks strictly, builds and deploys the output folder; the build cache is keyed by
everything the records depend on."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
WF = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
ON = WF.get("on", WF.get(True))  # YAML 1.1 reads the key `on` as true


def _runs(job: str) -> list[str]:
    return [s.get("run", "") for s in WF["jobs"][job]["steps"]]


def _uses(job: str) -> list[str]:
    return [str(s.get("uses", "")) for s in WF["jobs"][job]["steps"]]


def test_publish_workflow_checks_builds_and_deploys():
    runs = _runs("build")
    check = next(i for i, r in enumerate(runs) if "newsarchive check --strict" in r)
    build = next(i for i, r in enumerate(runs) if "newsarchive build" in r)
    assert check < build
    upload = next(s for s in WF["jobs"]["build"]["steps"] if str(s.get("uses", "")).startswith("actions/upload-pages-artifact"))
    site = yaml.safe_load((ROOT / "site.yaml").read_text(encoding="utf-8")) or {}
    assert upload["with"]["path"] == site.get("output", "public")
    assert any(u.startswith("actions/deploy-pages") for u in _uses("deploy"))
    assert "push" in ON and ON["push"]["branches"] == ["main"]
    # the check runs with the Pages address too (check warns about a base_url that is not absolute)
    steps = WF["jobs"]["build"]["steps"]
    assert "NEWSARCHIVE_BASE_URL" in steps[check]["env"] and "NEWSARCHIVE_BASE_URL" in steps[build]["env"]


def test_pull_requests_are_checked_and_built_but_never_deployed():
    assert "pull_request" in ON
    job = WF["jobs"]["check"]
    assert "pull_request" in job["if"]
    runs = _runs("check")
    assert any("newsarchive check --strict" in r for r in runs)
    assert any("newsarchive build" in r for r in runs)
    assert not any("pages" in u for u in _uses("check"))  # no Pages artifact, no deployment
    assert "NEWSARCHIVE_BASE_URL" in job["env"]
    for name in ("build", "deploy"):
        assert "pull_request" in WF["jobs"][name]["if"] and "!=" in WF["jobs"][name]["if"]
    assert WF["permissions"] == {"contents": "read"}


def test_cache_key_covers_code_and_corpus():
    key = WF["env"]["CACHE_KEY"]
    files = re.findall(r"'([^']+)'", key)
    for needed in ("corpus/**", "src/**", "pyproject.toml", "site.yaml", "templates/**", "static/**", "labels/**"):
        assert needed in files, needed
    for job in ("check", "build"):
        cache = next(s for s in WF["jobs"][job]["steps"] if str(s.get("uses", "")).startswith("actions/cache"))
        assert cache["with"]["key"] == "${{ env.CACHE_KEY }}" and cache["with"]["path"] == ".cache"
    # a pull request reads the cache but never saves one
    assert next(u for u in _uses("check") if u.startswith("actions/cache")).startswith("actions/cache/restore")


def test_readme_lists_the_one_time_pages_settings():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Publishing"):]
    section = section[: section.index("\n## ", 4)]
    assert "GitHub Actions" in section and "Settings" in section and "Pages" in section
    assert "robots.txt" in section
