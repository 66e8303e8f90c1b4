"""Finding Q&A by meaning, across English and Chinese: `encoder` turns text into vectors
(a multilingual sentence encoder whose weights ship inside its package), `vectors` keeps
one per public Q&A, `nearest` finds the closest, and `hybrid` fuses them with word search.

Nothing is imported here: import the module you need.
"""
