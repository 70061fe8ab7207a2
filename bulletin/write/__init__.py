"""Stage 5, write: put the rendered files on disk."""

from bulletin.write.writer import OutputFolderError, WriteReport, write_site

__all__ = ["OutputFolderError", "WriteReport", "write_site"]
