from django.apps import AppConfig


class HealthDataRequestsConfig(AppConfig):
    name = "health_data_requests"
    verbose_name = "Consumer health data requests"
