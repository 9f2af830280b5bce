"""Stage 5, the reader's view: `rules` (what is drawn) → `build` (the networkx view, read from the
graph by `read`) → `filters` and `layout` → `page` (the HTML, styled by `style`, with the script
and style of `templates/`); `words` and `dates` word values for readers.
"""
