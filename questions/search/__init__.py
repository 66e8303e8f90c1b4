"""Searching the answered archive, one job a module: `terms` splits text into terms,
`vectors` keeps PostgreSQL's search vectors, `planner` hints the planner, `parsing` reads
what a reader typed, `ranking` filters and ranks, `suggestions` says "did you mean",
`highlight` marks the words found, and `page` runs the search page.

Nothing is imported here, so that the models can import `questions.search.terms` without
importing the modules that read the models.
"""
