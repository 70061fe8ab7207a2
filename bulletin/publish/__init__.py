"""Publishing: build into a fresh release beside the target folder, verify it,
switch the target to it atomically, keep the last N releases for rollback.

- ``deploy.py``   publish() and rollback(): the whole operation under one lock
- ``releases.py`` the release folders and the atomic symlink switch
- ``verify.py``   the last look at the built files before they go live
- ``lock.py``     the operating-system lock that serialises publishes
"""

from bulletin.publish.deploy import DEFAULT_KEEP, PublishResult, publish, rollback
from bulletin.publish.releases import Release, Releases

__all__ = ["DEFAULT_KEEP", "PublishResult", "Release", "Releases", "publish", "rollback"]
