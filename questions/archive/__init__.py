"""Reading the public archive fast: the question page's queries, Similar Q&A, the
archive's totals, cached question pages and their view counts.

Nothing is imported here: import the module you need (`questions.archive.similar`).
"""
