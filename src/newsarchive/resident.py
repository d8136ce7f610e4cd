"""What a long-running process keeps in memory between builds (``newsarchive serve``).

A build given a ``Resident`` (``pipeline.build(config, resident=...)``) takes from memory what
it would otherwise read back from disk, and leaves there what the next build needs:

* ``records``: every corpus file's record summary, by path, with the stat signature and record
  key it was loaded under. A file whose stat signature is unchanged (and trustworthy: older
  than the racy window) is not looked up in the record cache at all: no SQLite read, no JSON
  decode. Any other file is loaded as it is without a resident.
* ``views``: the planner's issue views by issue token (``pages.issue_token``: the issue's URL,
  its records' keys, its authors' URLs and its reprint relations). An issue whose token is
  unchanged keeps its views; only changed issues are viewed again.
* ``manifest``: the manifest the previous build committed, used while the file beside the
  output is the one that build wrote (same inode, size and modification time). A build by
  anyone else in between, or a commit a killed build left and the next one completed, changes
  that file, and the manifest is read from disk again.
* ``env``: the Jinja environment, so templates are compiled once.
* ``issues``: the archive's issues by their pages' identities (``Archive.made``): an issue whose
  page records are the very summaries held here is taken over, not made again.

Everything is dropped when the build's salts change (code, theme, libraries, configuration,
templates, the role model, the papers registry): what it holds depends on nothing else. It
holds exactly what the build would read back, so the output is the clean build's
(``tests/test_incremental.py`` runs its scenarios with a resident too). Nothing here is ever
written to disk.
"""

from __future__ import annotations



class Resident:
    def __init__(self) -> None:
        self.salts: tuple[str, str] | None = None
        self.records: dict[str, tuple[str, str, tuple]] = {}
        """rel -> (stat signature, record key, (summary, diagnostics, counts))."""
        self.views: dict[str, dict] = {}
        """issue token -> the issue's view (its article views inside)."""
        self.env = None
        self.issues: dict[tuple, object] = {}
        """(id of each page record, ...) -> the ``archive.Issue`` made of them."""
        self._manifest = None
        self._manifest_at: tuple | None = None

    def clear(self) -> None:
        """Forget everything (the caches on disk were discarded)."""
        self.__init__()

    @property
    def primed(self) -> bool:
        """True once a build has filled it (a no-op build replays its report and loads nothing)."""
        return bool(self.records)

    def settle(self, salt: str, records_salt: str) -> None:
        """Start a build under these salts: drop everything when they changed."""
        if self.salts != (salt, records_salt):
            self.__init__()
            self.salts = (salt, records_salt)

    # --- records -----------------------------------------------------------------------

    def record(self, rel: str, sig: str) -> tuple[str, tuple] | None:
        """(key, value) of ``rel`` when its stat signature is the one it was loaded under."""
        held = self.records.get(rel)
        if not sig or held is None or held[0] != sig:
            return None
        return held[1], held[2]

    def hold_records(self, held: dict[str, tuple[str, str, tuple]]) -> None:
        """This build's records (the files it loaded, and only those)."""
        self.records = held

    # --- manifest ----------------------------------------------------------------------

    def manifest(self, stamp: tuple | None):
        """The manifest the last build committed, if the file beside the output (``stamp``:
        ``write.manifest_stamp``) is still the one it wrote."""
        if self._manifest is None or stamp is None or stamp != self._manifest_at:
            return None
        return self._manifest

    def hold_manifest(self, manifest, stamp: tuple | None) -> None:
        self._manifest, self._manifest_at = manifest, stamp
