"""Make the checkout importable as ``ansible_collections.wxc.recordings`` for every test suite."""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLLECTIONS = os.path.join(ROOT, "build", "collections")
LINK = os.path.join(COLLECTIONS, "ansible_collections", "wxc", "recordings")


def ensure_collection_link():
    """``build/collections/ansible_collections/wxc/recordings`` points at the checkout (Makefile does the same)."""
    if not os.path.exists(LINK):
        os.makedirs(os.path.dirname(LINK), exist_ok=True)
        try:
            os.symlink(ROOT, LINK)
        except FileExistsError:  # another xdist worker won the race
            pass
    return COLLECTIONS


if ensure_collection_link() not in sys.path:
    sys.path.insert(0, COLLECTIONS)
