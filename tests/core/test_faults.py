"""A database that goes away while the app runs: 503 at once, and back to 200 after.

On SQLite the failure is injected (the cursor raises OperationalError): an honest unit
test of the 503 mapping. On PostgreSQL the app talks to the real server through a TCP
proxy that the test cuts, black-holes and restores (the shared server is never
restarted), and connections are killed with pg_terminate_backend.
"""

import io
import json
import logging
import socket
import threading
from unittest import mock
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.wsgi import get_wsgi_application
from django.db import OperationalError, connection, connections
from django.test import Client

pytestmark = pytest.mark.django_db

HTML_PAGE = "/code/"
API_PAGE = "/api/v1/codes/"


@pytest.fixture
def database_fails():
    """Every query raises what a dropped connection raises."""
    lost = OperationalError("server closed the connection unexpectedly")
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=lost):
        yield


# --- the mapping (any database) ------------------------------------------------------------


def test_a_page_answers_503_in_the_site_layout(database_fails):
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get(HTML_PAGE)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert 'class="site-header"' in page and "Briefly unavailable" in page


def test_an_api_call_answers_503_json_with_a_reason(database_fails):
    response = Client().get(API_PAGE)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.json()["reason"] == "database_unavailable"


def test_an_error_while_saving_the_session_answers_503():
    """Raised in a middleware's response step, after the view: Django made it a 500."""
    client = Client(raise_request_exception=False)
    lost = OperationalError("terminating connection due to administrator command")
    with mock.patch(
        "django.contrib.sessions.middleware.SessionMiddleware.process_response", side_effect=lost
    ):
        response = client.get(HTML_PAGE)
    assert response.status_code == 503 and response["Retry-After"] == "30"


def test_other_errors_stay_500():
    client = Client(raise_request_exception=False)
    with mock.patch(
        "django.contrib.sessions.middleware.SessionMiddleware.process_response",
        side_effect=ValueError("a bug"),
    ):
        assert client.get(HTML_PAGE).status_code == 500


def test_the_log_names_the_error_not_the_request(database_fails, caplog):
    with caplog.at_level(logging.DEBUG, logger="ethics_tracker.core.middleware"):
        Client().get(f"{HTML_PAGE}?reference=ASKO-2026-0001")
    logged = [r.getMessage() for r in caplog.records if r.name == "ethics_tracker.core.middleware"]
    assert logged and "OperationalError" in logged[0]
    assert "ASKO-2026-0001" not in logged[0] and HTML_PAGE not in logged[0]


def test_the_next_request_after_an_outage_succeeds():
    client = Client()
    lost = OperationalError("server closed the connection unexpectedly")
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=lost):
        assert client.get(API_PAGE).status_code == 503
    assert client.get(API_PAGE).status_code == 200


# --- PostgreSQL through a proxy the test can cut --------------------------------------------


class TcpProxy:
    """127.0.0.1:port → the database server; ``stop()`` cuts every connection and stops
    listening, ``blackhole()`` accepts but never answers (a hung network), ``start()``
    forwards again on the same port."""

    def __init__(self, target):
        self.target = target
        self.port = None
        self.forwarding = True
        self.listener = None
        self.sockets = []
        self.lock = threading.Lock()

    def start(self, *, forwarding=True):
        self.stop()
        self.forwarding = forwarding
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port or 0))
        listener.listen()
        self.port = listener.getsockname()[1]
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def blackhole(self):
        self.start(forwarding=False)

    def stop(self):
        with self.lock:
            for sock in [self.listener, *self.sockets]:
                if sock is not None:
                    try:
                        sock.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                    sock.close()
            self.listener, self.sockets = None, []

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # stopped
            with self.lock:
                self.sockets.append(client)
            if not self.forwarding:
                continue  # hold the connection open and say nothing
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets.append(upstream)
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


def wsgi_get(path):
    """One request through the real WSGI handler (unlike the test client, this fires
    request_started/finished, so connections are health-checked and closed as in
    production)."""
    environ = {"PATH_INFO": path, "HTTP_HOST": "testserver", "wsgi.errors": io.StringIO()}
    setup_testing_defaults(environ)
    answer = {}

    def start_response(status, headers, exc_info=None):
        answer["status"] = int(status.split()[0])
        answer["headers"] = dict(headers)

    result = get_wsgi_application()(environ, start_response)
    try:
        answer["body"] = b"".join(result)
    finally:
        result.close()
    return answer


@pytest.fixture
def through_proxy():
    """The default connection goes through a TcpProxy for the test's length."""
    db = connections["default"]
    saved = {key: db.settings_dict.get(key) for key in ("HOST", "PORT", "OPTIONS")}
    proxy = TcpProxy((saved["HOST"] or "127.0.0.1", int(saved["PORT"] or 5432)))
    proxy.start()
    db.close()
    db.settings_dict["HOST"], db.settings_dict["PORT"] = "127.0.0.1", str(proxy.port)
    db.settings_dict["OPTIONS"] = {**(saved["OPTIONS"] or {}), "connect_timeout": 2}
    try:
        yield proxy
    finally:
        db.close()
        proxy.stop()
        db.settings_dict.update(saved)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_postgres_cut_answers_503_and_recovers(through_proxy):
    assert wsgi_get(HTML_PAGE)["status"] == 200
    assert wsgi_get(API_PAGE)["status"] == 200

    through_proxy.stop()  # the server is gone: connections cut, nobody listening
    page = wsgi_get(HTML_PAGE)
    assert page["status"] == 503 and page["headers"]["Retry-After"] == "30"
    assert b'class="site-header"' in page["body"]
    api = wsgi_get(API_PAGE)
    assert api["status"] == 503
    assert json.loads(api["body"])["reason"] == "database_unavailable"

    through_proxy.blackhole()  # the network hangs: connect_timeout, not a hung worker
    assert wsgi_get(API_PAGE)["status"] == 503

    through_proxy.start()  # back
    assert wsgi_get(HTML_PAGE)["status"] == 200
    assert wsgi_get(API_PAGE)["status"] == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_killed_connection_is_replaced_before_the_next_request(settings):
    """conn_health_checks: a persistent connection killed between requests (a restart,
    an administrator) is noticed and replaced, and the next request succeeds."""
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"], saved = 60, connection.settings_dict["CONN_MAX_AGE"]
    try:
        assert wsgi_get(API_PAGE)["status"] == 200
        pid = connection.connection.info.backend_pid  # kept open for the next request
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        finally:
            other.close()

        assert wsgi_get(API_PAGE)["status"] == 200
        assert connection.connection.info.backend_pid != pid
    finally:
        connection.settings_dict["CONN_MAX_AGE"] = saved
        connection.close()
