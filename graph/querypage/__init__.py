"""The query page (issue 13): a SPARQL editor with the saved queries as a gallery, as a file of
the readers' site that queries the graph in the page (Oxigraph's WebAssembly build), and as the
page `hrgraph serve` answers at /."""
