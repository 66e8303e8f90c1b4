"""The second factor and the browsers signed in (qa_portal/accounts/)."""
