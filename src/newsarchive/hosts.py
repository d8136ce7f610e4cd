"""Static hosts' limits, checked after every build (``host:`` in site.yaml).

The build warns, on the ``host:`` line of site.yaml, when the output comes within
``WARN_AT`` of a limit of the host it is published to, and again once past it, with what to
do (``docs/scaling.md``). Limits as the hosts publish them:

* ``github-pages``: a published site of at most 1 GB; a file of at most 100 MiB (GitHub
  refuses larger files in a repository);
* ``cloudflare-pages``: at most 20,000 files, each at most 25 MiB;
* ``netlify``: no size or file-count limit is checked (none is published for static files
  that this build comes near);
* ``s3`` (or any object store behind a CDN): an object of at most 5 GiB in one upload;
* ``none``: nothing is checked.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import Diagnostic, Severity

GB = 1000 ** 3
MiB = 1 << 20


@dataclass(frozen=True)
class Limits:
    name: str
    site_bytes: int | None = None
    files: int | None = None
    file_bytes: int | None = None


HOSTS = {
    "github-pages": Limits("GitHub Pages", site_bytes=1 * GB, file_bytes=100 * MiB),
    "cloudflare-pages": Limits("Cloudflare Pages", files=20_000, file_bytes=25 * MiB),
    "netlify": Limits("Netlify"),
    "s3": Limits("S3", file_bytes=5 * 1024 * MiB),
    "none": Limits("no host"),
}
WARN_AT = 0.9
"""Warn from this share of a limit on, before it is passed."""
HINT = "see docs/scaling.md"


def _size(n: int) -> str:
    return f"{n / MiB:.1f} MiB" if n < GB else f"{n / GB:.2f} GB"


def check(host: str, sizes: dict[str, int], source: str = "site.yaml", line: int = 0) -> list[Diagnostic]:
    """Warnings for ``sizes`` (every output file's path and bytes) on ``host``."""
    limits = HOSTS.get(host, HOSTS["none"])
    out: list[Diagnostic] = []

    def warn(what: str, used: float, limit: float, hint: str) -> None:
        verb = "exceeds" if used > limit else "is close to"
        out.append(Diagnostic(Severity.WARNING, source, line, f"{what} {verb} {limits.name}'s limit",
                              f"{hint}; {HINT}", code="host-limit"))

    total = sum(sizes.values())
    if limits.site_bytes and total >= WARN_AT * limits.site_bytes:
        warn(f"the site ({_size(total)}) {'>' if total > limits.site_bytes else '≈'} {_size(limits.site_bytes)}:",
             total, limits.site_bytes,
             "publish each paper as its own site, switch off the Traditional edition or search, or host on object storage")
    if limits.files and len(sizes) >= WARN_AT * limits.files:
        warn(f"the site's {len(sizes):,} files (limit {limits.files:,}):", len(sizes), limits.files,
             "publish each paper as its own site, or choose a host without a file limit (s3, github-pages)")
    if limits.file_bytes:
        big = sorted((rel for rel, n in sizes.items() if n >= WARN_AT * limits.file_bytes),
                     key=lambda rel: (-sizes[rel], rel))
        for rel in big[:5]:
            warn(f"{rel} ({_size(sizes[rel])}, limit {_size(limits.file_bytes)}):", sizes[rel], limits.file_bytes,
                 "this file grows with one paper-year: split the corpus, or host on object storage")
        if len(big) > 5:
            out.append(Diagnostic(Severity.WARNING, source, line, f"{len(big) - 5} more files near {limits.name}'s "
                                  "file size limit", HINT, code="host-limit"))
    return out
