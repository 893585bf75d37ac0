#!/usr/bin/env bash
# Install laktasi as a district server on Debian 12 (docs/deploy.md): PostgreSQL, nginx with HTTPS,
# gunicorn workers under systemd, backups twice a day. Run as root from a clone of the repository:
#     bash deploy/install.sh laktasi.example.id
# Re-running it upgrades the app in place (migrations run at the service's start) and keeps data and settings.
set -euo pipefail
HOST=${1:?usage: install.sh SERVER_NAME}
SRC=$(cd "$(dirname "$0")/.." && pwd)

apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv postgresql postgresql-client nginx-light certbot

id laktasi >/dev/null 2>&1 || adduser --system --group --home /var/lib/laktasi laktasi
install -d -o laktasi -g laktasi -m 0750 /var/lib/laktasi /var/backups/laktasi
install -d -m 0755 /opt/laktasi /etc/laktasi

[ -x /opt/laktasi/venv/bin/python ] || python3 -m venv /opt/laktasi/venv
/opt/laktasi/venv/bin/pip install -q --upgrade pip
/opt/laktasi/venv/bin/pip install -q "$SRC"
# nginx serves the static files from the installed package (deploy/nginx/laktasi.conf: /static/)
ln -sfn "$(/opt/laktasi/venv/bin/python -c 'import laktasi.web, pathlib; print(pathlib.Path(laktasi.web.__file__).parent / "static")')" /opt/laktasi/static
ln -sfn "$(/opt/laktasi/venv/bin/python -c 'import django.contrib.admin, pathlib; print(pathlib.Path(django.contrib.admin.__file__).parent / "static" / "admin")')" /opt/laktasi/static-admin

# PostgreSQL: a role and a database owned by it, reached through the Unix socket (peer authentication)
runuser -u postgres -- psql -tAc "select 1 from pg_roles where rolname='laktasi'" | grep -q 1 \
  || runuser -u postgres -- createuser laktasi
runuser -u postgres -- psql -tAc "select 1 from pg_database where datname='laktasi'" | grep -q 1 \
  || runuser -u postgres -- createdb -O laktasi laktasi

if [ ! -f /etc/laktasi/laktasi.env ]; then
  secret=$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')
  sed -e "s/laktasi.example.id/$HOST/" -e "s/replace-with-a-generated-secret/$secret/" \
    "$SRC/deploy/laktasi.env.example" > /etc/laktasi/laktasi.env
  chown root:laktasi /etc/laktasi/laktasi.env && chmod 0640 /etc/laktasi/laktasi.env
fi

install -m 0644 "$SRC"/deploy/systemd/laktasi.service "$SRC"/deploy/systemd/laktasi-backup.service \
  "$SRC"/deploy/systemd/laktasi-backup.timer /etc/systemd/system/
sed "s/laktasi.example.id/$HOST/g" "$SRC/deploy/nginx/laktasi.conf" > /etc/nginx/sites-available/laktasi
ln -sf /etc/nginx/sites-available/laktasi /etc/nginx/sites-enabled/laktasi
rm -f /etc/nginx/sites-enabled/default

if [ ! -f "/etc/letsencrypt/live/$HOST/fullchain.pem" ]; then
  echo "No certificate for $HOST yet: run  certbot certonly --webroot -w /var/www/html -d $HOST" >&2
  echo "(the HTTPS server block needs it), then  systemctl reload nginx" >&2
fi

systemctl daemon-reload
systemctl enable --now laktasi.service laktasi-backup.timer
nginx -t && systemctl reload nginx || echo "nginx not reloaded: see above" >&2
echo "laktasi: https://$HOST/ — the first start printed the admin login: journalctl -u laktasi | grep admin"
