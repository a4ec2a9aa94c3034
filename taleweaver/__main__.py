import sys

from taleweaver.cli import main

sys.exit(main())
