#!/usr/bin/env bash
# Restore a backup made by backup.sh into the database DATABASE_URL names (an empty one,
# or the site's own: its tables are replaced), with the age private key kept off the server.
#
#   deploy/restore.sh /path/to/clinic-20270101T023000Z.dump.age ~/clinic-backup-key.txt
#
# Stop the site and its worker first (systemctl stop clinic-web clinic-worker), then start
# them again. Uploaded images: age --decrypt -i KEY media-....tar.age | tar -x -C MEDIA_ROOT
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL is not set}"
if [ $# -ne 2 ]; then
  echo "usage: $0 BACKUP.dump.age AGE_IDENTITY_FILE" >&2
  exit 2
fi
age --decrypt --identity "$2" "$1" \
  | pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction \
      --exit-on-error --dbname="$DATABASE_URL"
echo "restored $1"
