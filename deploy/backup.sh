#!/usr/bin/env bash
# The nightly backup (clinic-backup.timer, or compose's `backup` service): the database as
# a pg_dump custom-format archive and the uploaded images as a tar file, each encrypted
# with age to the clinic's public key (the private key never lives on the server), kept
# BACKUP_KEEP_DAYS days here and copied off the server to BACKUP_RSYNC_TARGET.
#
#   DATABASE_URL          the site's database (postgres://...), as in /etc/clinic/env
#   BACKUP_AGE_RECIPIENT  the age public key (age1...) backups are encrypted to
#   BACKUP_DIR            where backups are written (default /var/backups/clinic)
#   BACKUP_KEEP_DAYS      how many days of backups are kept, here and off the server (14)
#   BACKUP_RSYNC_TARGET   where they are copied (user@host:/path/ over SSH); empty: not copied
#   MEDIA_ROOT            uploaded images (default /srv/clinic/media); empty: not backed up
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL is not set}"
: "${BACKUP_AGE_RECIPIENT:?BACKUP_AGE_RECIPIENT (the age public key) is not set}"
backup_dir=${BACKUP_DIR:-/var/backups/clinic}
keep_days=${BACKUP_KEEP_DAYS:-14}
media_root=${MEDIA_ROOT-/srv/clinic/media}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
umask 077
mkdir -p "$backup_dir"

# Written under a temporary name and renamed when whole, so a failed night leaves no file
# that looks like a backup.
encrypt_to() {
  age --encrypt --recipient "$BACKUP_AGE_RECIPIENT" --output "$1.part" && mv "$1.part" "$1"
}
# Django's postgres:// URL is a libpq connection URI as it is.
pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" \
  | encrypt_to "$backup_dir/clinic-$stamp.dump.age"
if [ -n "$media_root" ] && [ -d "$media_root" ]; then
  tar --create --file=- --directory="$media_root" . | encrypt_to "$backup_dir/media-$stamp.tar.age"
fi

# Backups hold appointment requests, which the site deletes on schedule: older copies go too.
find "$backup_dir" -maxdepth 1 -name '*.age' -mtime "+$keep_days" -delete
find "$backup_dir" -maxdepth 1 -name '*.part' -delete

if [ -n "${BACKUP_RSYNC_TARGET:-}" ]; then
  rsync --archive --delete --include='*.age' --exclude='*' "$backup_dir/" "$BACKUP_RSYNC_TARGET"
fi
echo "backup written: clinic-$stamp.dump.age"
