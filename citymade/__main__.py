"""Allow ``python -m citymade``."""

from citymade.cli import main

main()
