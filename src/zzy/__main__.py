"""``python -m zzy``."""

from zzy.cli import main

main()
