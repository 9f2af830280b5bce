"""Stage 6, what leaves the build: the export formats, files replaced all at once, and publishing to a
triple store.
"""
