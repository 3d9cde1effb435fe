"""gunicorn's configuration for crimeplan, used by `make run` and by the deployment guide
(docs/how-to/deploy.md): `gunicorn -c gunicorn.conf.py --bind ... --workers ...`.

The logs keep no client address, user agent or referrer for any request, and no line at all,
not even its time, for a request to the anonymous unsafe-place report form
(crimeplan.core.request_logs.ServerLogger). Whatever format is set, those atoms log "-".
"""

wsgi_app = "crimeplan.wsgi:application"

accesslog = "-"
errorlog = "-"
logger_class = "crimeplan.core.request_logs.ServerLogger"
# Time, request line (secrets in the path masked), status, bytes, milliseconds.
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'

# gunicornc's control socket is one path per user ($HOME/.gunicorn/gunicorn.ctl): a second
# server on the machine (a test's, another checkout's) would take it over. Nothing here uses it.
control_socket_disable = True
