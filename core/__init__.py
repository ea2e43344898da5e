"""What every app of the project uses, at the bottom of the layers: acting as a user for the change
history, the access gate, PDF rendering, bulk COPY writes, pages without COUNT(*), form and CSV
helpers, admin bases and the role registry. Imports no app of the project (import-linter keeps it
so)."""
