"""Allow `python -m chanblog`."""

from chanblog.cli import main

main()
