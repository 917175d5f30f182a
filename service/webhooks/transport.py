"""An HTTP session that refuses to talk to non-public addresses, checked on the connected socket."""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError

from service.webhooks.urls import is_public


def _require_public_peer(conn: HTTPConnection, sock: socket.socket) -> None:
    # check_url resolved the name a moment ago, but the client resolves it again to connect;
    # a DNS answer that changed in between (rebinding) is caught here, on the real peer.
    peer = ipaddress.ip_address(sock.getpeername()[0])
    if not is_public(peer):
        sock.close()
        raise NewConnectionError(conn, f"refused: {conn.host} connected to non-public address {peer}")


class _PublicHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _require_public_peer(self, sock)
        return sock


class _PublicHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _require_public_peer(self, sock)
        return sock


class _PublicHTTPPool(HTTPConnectionPool):
    ConnectionCls = _PublicHTTPConnection


class _PublicHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _PublicHTTPSConnection


class PublicOnlyAdapter(HTTPAdapter):
    """A transport adapter whose connections fail unless the peer address is public."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        """Build the pool manager with peer-checking connection pools."""
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _PublicHTTPPool, "https": _PublicHTTPSPool}


def session(*, allow_private: bool) -> requests.Session:
    """Return a session for deliveries; unless ``allow_private``, it only connects to public peers."""
    http = requests.Session()
    # Environment proxies would connect on our behalf and bypass the peer check; deliveries go direct.
    http.trust_env = False
    if not allow_private:
        adapter = PublicOnlyAdapter()
        http.mount("http://", adapter)
        http.mount("https://", adapter)
    return http
