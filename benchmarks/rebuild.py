"""One build of an existing site, timed: ``python benchmarks/rebuild.py SITE [--clean]``.

Prints one JSON line: wall seconds inside ``pipeline.build``, the build mode (full,
incremental, up-to-date), page groups rendered, files written and deleted, stage seconds,
peak RSS of this process and record-cache use. For steady-state no-op and one-file figures
on a site ``benchmarks/run.py`` made (``WORK/site-N``):

    python benchmarks/rebuild.py WORK/site-100000            # the first may record the stamp
    python benchmarks/rebuild.py WORK/site-100000            # no-op
    echo "一段新的正文。" >> WORK/site-100000/corpus/…/p4.txt; sleep 2.2
    python benchmarks/rebuild.py WORK/site-100000            # one file changed

(``sleep 2.2``: newsarchive trusts a file's stat only once it is 2 s old.)
"""

import json
import resource
import sys
import time
from pathlib import Path

from newsarchive.config import load_config
from newsarchive.pipeline import build

config, _ = load_config(Path(sys.argv[1]))
started = time.perf_counter()
r = build(config, clean="--clean" in sys.argv)
print(json.dumps({"wall": round(time.perf_counter() - started, 2), "mode": r.mode, "rendered": r.rendered,
                  "groups": r.groups, "written": r.written, "deleted": r.deleted, "files": r.files,
                  "stages": r.stage_seconds, "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                  "cache": r.load.cache}))
