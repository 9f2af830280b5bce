"""hrgraph: curated, cited facts about regional human-rights cooperation as an RDF graph."""

__version__ = "0.1.0"
