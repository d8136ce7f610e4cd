"""The publishing workflow checks the corpus strictly, builds, and deploys the output folder."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_publish_workflow_checks_builds_and_deploys():
    wf = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    steps = wf["jobs"]["build"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert any("newsarchive check --strict" in r for r in runs)
    assert any("newsarchive build" in r for r in runs)
    assert runs.index(next(r for r in runs if "check --strict" in r)) < runs.index(next(r for r in runs if "newsarchive build" in r))
    upload = next(s for s in steps if str(s.get("uses", "")).startswith("actions/upload-pages-artifact"))
    site = yaml.safe_load((ROOT / "site.yaml").read_text(encoding="utf-8")) or {}
    assert upload["with"]["path"] == site.get("output", "public")
    assert any(str(s.get("uses", "")).startswith("actions/deploy-pages") for s in wf["jobs"]["deploy"]["steps"])
