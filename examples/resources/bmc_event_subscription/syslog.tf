# Syslog over TLS (SyslogFilters: EventDestination v1_9_0), with a backup
# collector (BackupDestinations: v1_15_0).
resource "bmc_event_subscription" "syslog" {
  destination = "syslog://logs.example.com:6514"
  protocol    = "SyslogTLS"
  syslog_filters = [
    { log_facilities = ["Auth", "Daemon"], lowest_severity = "Warning" },
  ]
  backup_destinations = ["syslog://logs-b.example.com:6514"]
}
