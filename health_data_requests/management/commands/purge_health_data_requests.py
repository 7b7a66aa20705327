"""Delete unconfirmed consumer health data requests whose link has expired, and replace
the address of requests answered more than HEALTH_DATA_REQUESTS["RETENTION_DAYS"] ago by
a keyed hash (the row stays as the record of the answer). Run daily, after
purge_appointment_requests (deploy/systemd/clinic-daily-purge.service), or keep it
running with `--every 86400` (`make run`)."""

from core.sweeps import SweepCommand
from health_data_requests.services import purge_requests


class Command(SweepCommand):
    help = "Delete expired unconfirmed health data requests; drop old answered ones' addresses."

    def sweep(self):
        deleted, scrubbed = purge_requests()
        self.stdout.write(
            f"Deleted {deleted} unconfirmed health data requests; removed the address of "
            f"{scrubbed} answered ones."
        )
