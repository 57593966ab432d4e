# Everything the BMC sends events to, and what its EventService supports.
data "bmc_event_subscriptions" "all" {}

output "destinations" {
  value = [for s in data.bmc_event_subscriptions.all.subscriptions : "${s.id} -> ${s.destination} (${s.status})"]
}

output "supported_severities" {
  value = data.bmc_event_subscriptions.all.event_service.severities
}
