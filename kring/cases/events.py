"""The cases area's audit and access-log names (see docs/conventions.md, "An area")."""

# Writes (audit trail). No case content ever goes into the data of these entries.
CASE_SUBMITTED = "kring.cases.case_submitted"
CASE_UPDATED = "kring.cases.case_updated"
CASE_WITHDRAWN = "kring.cases.case_withdrawn"

# Reads (access log): the whole case, or only its title in a list (a title is case content too).
CASE_READ = "kring.cases.case_read"
CASE_TITLE_READ = "kring.cases.case_title_read"
