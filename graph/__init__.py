"""sozialgraph: the planning overview of a city as an RDF knowledge graph.

The package is a library; ``cli.py`` is a thin click layer on top of it.
Heavy libraries (pandas, pyoxigraph, pyshacl, networkx, pyvis) are imported
inside the functions that need them, so importing :mod:`graph` is cheap.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
