"""Import Word bulletins (.docx, .doc, .wps) into the content folder (``python build.py import``).

reading.py walks the document's XML (body, text boxes, headers, footnotes);
split.py classifies the blocks (masthead, 期号, 编者按, 栏目, titles, 版记);
assemble.py makes issue.md and the articles; importer.py places, checks and
writes them and reports. See docs/wordimport.md.
"""
