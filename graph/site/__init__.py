"""The readers' site: a static page for every person, meeting, commitment, source and the rest,
in English, Indonesian and Khmer, each fact with who says so (graph.site.write makes it)."""
