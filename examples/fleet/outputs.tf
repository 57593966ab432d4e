output "subscriptions" {
  description = "Subscription path on each BMC, keyed \"bmc/severity\"."
  value       = { for k, s in bmc_event_subscription.by_severity : k => "${s.endpoint}${s.id}" }
}
