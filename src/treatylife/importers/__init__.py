"""
Importers of the depositaries' own records: each turns a published status
record into treatylife histories, keeping every source and never guessing.

- `treatylife.importers.untc`: the UN Treaty Collection's status pages.
"""
