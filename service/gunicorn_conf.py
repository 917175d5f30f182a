"""gunicorn settings; each can be overridden by its environment variable."""

import os

bind = f"{os.environ.get('QUOTES_HOST', '127.0.0.1')}:{os.environ.get('QUOTES_PORT', '8000')}"
workers = int(os.environ.get("QUOTES_WORKERS", "2"))
threads = int(os.environ.get("QUOTES_THREADS", "2"))
# The app (and with it the spaCy model) loads in the master before forking, so the
# workers share the model's memory pages instead of each loading a copy.
preload_app = True
timeout = int(os.environ.get("QUOTES_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("QUOTES_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("QUOTES_KEEPALIVE", "5"))
max_requests = int(os.environ.get("QUOTES_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("QUOTES_MAX_REQUESTS_JITTER", "200"))
accesslog = None  # the app logs one structured line per request itself
errorlog = "-"
loglevel = os.environ.get("QUOTES_LOG_LEVEL", "info").lower()
forwarded_allow_ips = os.environ.get("QUOTES_FORWARDED_ALLOW_IPS", "127.0.0.1")
