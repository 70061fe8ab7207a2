"""Statistics: figures over time, rankings (排行榜) and the units that sent nothing.

Pure functions from the ``Library`` to plain dataclasses, so that the pages,
the CSV files and the ``stats`` command all show the same numbers:

- ``periods``  — the periods counted (whole campaign, year, stage, month, week)
  and from when each unit counts (its ``since`` or its batch);
- ``rankings`` — points and article counts per period, ranks with ties shared,
  within each group (系统) and overall, and the 未报送 lists;
- ``series``   — each unit's figures per metric over time, the latest figures
  side by side and the campaign totals;
- ``charts``   — static, script-free SVG charts of those series (``svg`` draws them);
- ``export``   — CSV (UTF-8 with BOM), JSON and terminal tables;
- ``pages``    — the statistics pages and files, registered in
  ``render.pages.FEATURES``; ``unit`` — what a unit page shows.
"""
