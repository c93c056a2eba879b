"""The reports area's cast (a group, a held meeting, Bram's case) and its attendance history,
reused: erasure and export need evidence issued from real attendance."""
from kring.reports.tests.conftest import cast  # noqa: F401
from kring.reports.tests.test_evidence import history  # noqa: F401
