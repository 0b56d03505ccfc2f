"""Expected requests of a listing of the retention year: 13 windows of 30 days, newest first, pages linked by cursor."""

from urllib.parse import parse_qs, urlsplit

from tests.unit.fake_transport import Expect
from tests.unit.recording_factory import BASE

ADMIN_LIST = "/admin/convergedRecordings"
USER_LIST = "/convergedRecordings"
WINDOWS = 13


def query_of(request):
    return dict((key, values[0]) for key, values in parse_qs(urlsplit(request.url).query).items())


def first_page_check(status, extra=None):
    """A request check: the first page of a window asks for ``status``, 100 a page, with both bounds and no more."""

    def check(request):
        query = query_of(request)
        assert set(query) == set(["max", "status", "from", "to"] + sorted(extra or {})), query
        assert (query["max"], query["status"]) == ("100", status), query
        for key, value in (extra or {}).items():
            assert query[key] == value, (key, query)

    return check


def year_listing(status, pages_by_window=None, path=ADMIN_LIST, tag=None):
    """The requests listing one status over the year: ``pages_by_window`` maps a window index (0 = newest) to its
    pages (lists of items); a window without an entry answers one empty page. Later pages follow the cursor."""
    pages_by_window = pages_by_window or {}
    tag = tag or status
    expectations = []
    for window in range(WINDOWS):
        pages = pages_by_window.get(window) or [[]]
        for number, items in enumerate(pages):
            url = path if number == 0 else "%s%s?cursor=%s-%d-%d" % (BASE, path, tag, window, number)
            headers = {}
            if number + 1 < len(pages):
                headers["Link"] = '<%s%s?cursor=%s-%d-%d>; rel="next"' % (BASE, path, tag, window, number + 1)
            check = first_page_check(status) if number == 0 else None
            expectations.append(Expect("GET", url, json={"items": items}, headers=headers, check=check))
    return expectations
