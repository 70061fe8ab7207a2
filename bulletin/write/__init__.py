"""Stage 5, write: put the rendered files on disk."""

from bulletin.write.writer import OutputFolderError, SiteWriter, WriteReport

__all__ = ["OutputFolderError", "SiteWriter", "WriteReport"]
