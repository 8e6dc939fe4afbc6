"""Plan transparency site generator: YAML plans in, a static MkDocs site out."""
