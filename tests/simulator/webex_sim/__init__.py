"""Stateful simulator of the Webex Calling Converged Recordings REST API."""

__version__ = "0.1.0"
