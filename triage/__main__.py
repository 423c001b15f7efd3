import sys

from triage.cli import entry

sys.exit(entry())
