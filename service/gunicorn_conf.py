"""gunicorn settings; each can be overridden by its environment variable."""

import os

bind = f"{os.environ.get('QUOTES_HOST', '127.0.0.1')}:{os.environ.get('QUOTES_PORT', '8000')}"
workers = int(os.environ.get("QUOTES_WORKERS", "2"))
threads = int(os.environ.get("QUOTES_THREADS", "2"))
# gthread that finishes what it accepted before it is recycled or stopped, and answers
# gunicorn's own errors (unparseable requests, oversized headers) as problem+json.
worker_class = os.environ.get("QUOTES_WORKER_CLASS", "service.gunicorn_worker.GracefulThreadWorker")
# The app (and with it the spaCy model) loads in the master before forking, so the
# workers share the model's memory pages instead of each loading a copy.
preload_app = True
timeout = int(os.environ.get("QUOTES_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("QUOTES_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("QUOTES_KEEPALIVE", "5"))
# Workers are recycled after about max_requests (jittered so they do not all go at once);
# a recycled worker drains first (service.gunicorn_worker), so no request is cut off.
max_requests = int(os.environ.get("QUOTES_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("QUOTES_MAX_REQUESTS_JITTER", "200"))
accesslog = None  # the app logs one structured line per request itself
errorlog = "-"
loglevel = os.environ.get("QUOTES_LOG_LEVEL", "info").lower()
forwarded_allow_ips = os.environ.get("QUOTES_FORWARDED_ALLOW_IPS", "127.0.0.1")


# The webhook delivery thread starts here, in each worker after the fork, not in create_app:
# with preload_app the app is built in the master, and a thread started there would not
# survive the fork (nor should the master send anything). A post-fork hook beats starting it
# on the first request because deliveries then flow even while no traffic arrives. Several
# workers each running one thread is safe: claims are leased (SKIP LOCKED on PostgreSQL).
def post_worker_init(worker):  # type: ignore[no-untyped-def]
    """Start this worker's webhook delivery thread and, without a broker, its job threads."""
    from service.jobs.embedded import start_pool
    from service.webhooks.deliver import start_background_worker

    app = worker.wsgi
    if getattr(app, "extensions", {}).get("quotes") is None:
        return
    # Connections the master may have opened must not be shared with the child.
    app.extensions["quotes"].db.engine.dispose(close=False)
    start_background_worker(app)
    start_pool(app)


def pre_fork(server, worker):  # type: ignore[no-untyped-def]
    """Freeze the master's heap (the model) so the collector never copies its pages into workers."""
    from service.memory import freeze_heap

    freeze_heap()


def worker_exit(server, worker):  # type: ignore[no-untyped-def]
    """Let the delivery thread finish its current request before the worker goes."""
    from service.jobs.embedded import stop_pool
    from service.webhooks.deliver import stop_background_worker

    app = getattr(worker, "wsgi", None)
    if app is not None and hasattr(app, "extensions"):
        stop_background_worker(app, timeout=10.0)
        stop_pool(app, timeout=10.0)
