"""Statistics: submissions and adoption (报送、采用), rankings (排行榜), the lists of the 通报, figures over time.

Pure functions from the ``Library`` to plain dataclasses, so that the pages,
the CSV files and the ``stats`` command all show the same numbers:

- ``periods``  — the periods counted (whole campaign, year, stage, month, week)
  and from when each unit counts (its ``since`` or its batch);
- ``adoption`` — items (register rows and articles without one) and their dated events;
- ``rankings`` — each unit's figures per period, ranks with ties shared, within each
  group (系统) and overall, and the lists (未报送 only with a register, 零采用, 未完成约稿, 连续末位);
- ``notice``   — the 信息报送采用情况通报 (.docx and page);
- ``series``   — each unit's figures per metric over time, the latest figures
  side by side and the campaign totals;
- ``charts``   — static, script-free SVG charts of those series (``svg`` draws them);
- ``export``   — CSV (UTF-8 with BOM), JSON and terminal tables;
- ``pages``    — the statistics pages and files, registered in
  ``pipeline.available_features``; ``unit`` — what a unit page shows.
"""
