"""The portable JSON archive, and importers from other journals."""

# The import formats, here so the command line can offer them without loading the readers.
FORMATS = ("kapjournal", "jrnl", "dayone")
