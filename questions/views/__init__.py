"""The pages, one module per audience: `public` (the archive and search), `patient`
(asking and My questions), `dashboard` (doctors), `api` (JSON), `feeds` and `sitemaps`.
The staff pages are in questions.admin."""
