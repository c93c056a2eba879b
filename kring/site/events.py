"""Audit and access-log names of the site app."""
ACCESS_LOG_READ = "kring.site.access_log_read"
ACCESS_LOG_EXPORTED = "kring.site.access_log_exported"
