"""Allow `python -m chanblog`."""

from chanblog.entry import main

main()
