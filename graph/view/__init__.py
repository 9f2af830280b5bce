"""Stage 5, the reader's view: `rules` (what is drawn) → `build` (the networkx view, read from the
graph by `read`) → `filters` and `layout` → `page` (the HTML, styled by `style`, from
`templates/`); `words` and `dates` word values for readers.
"""
