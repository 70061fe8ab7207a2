import sys

from bulletin.commands import main

sys.exit(main())
