"""Stateful simulator of the Webex Calling Converged Recordings REST API."""

from pathlib import Path

__version__ = "0.1.0"

# The spec the simulator follows (CC-BY-4.0, see README), for suites that validate against it too.
OPENAPI_SPEC = Path(__file__).parent / "openapi" / "converged-recordings.openapi.yml"
