"""What HTML says about its elements, for the modules that read the markup the site generates
(islands before Markdown, search before Pagefind)."""

# Elements with no end tag.
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"})
