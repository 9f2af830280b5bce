"""Stage 2, records → RDF: assembly into a light triple index, and the deterministic dumps."""
