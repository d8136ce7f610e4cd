"""Build the archive from corpus/ as configured in site.yaml: `python build.py` = `newsarchive build`."""
import sys

from newsarchive.cli import main

sys.exit(main(["build", *sys.argv[1:]]))
