"""The desk bundle's entry point: what the ``workstation`` console script runs."""

import sys

from workstation.ui.app import main

if __name__ == "__main__":
    sys.exit(main())
