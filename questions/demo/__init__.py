"""The demo archive: `data` holds what it contains, `loading` writes it."""
