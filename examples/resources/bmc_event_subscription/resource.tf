# Send critical and warning hardware events to an HTTPS collector, with a
# bearer token that never enters the Terraform state.
resource "bmc_event_subscription" "alerts" {
  destination       = "https://events.example.com/redfish"
  context           = "rack-12/node-3"
  registry_prefixes = ["ResourceEvent"]
  severities        = ["Critical", "Warning"]

  delivery_retry_policy = "SuspendRetries"

  http_headers_wo = {
    Authorization = "Bearer ${var.collector_token}"
  }
  # Bump after rotating the token: the subscription is recreated with it.
  http_headers_wo_version = 1
}

variable "collector_token" {
  type      = string
  sensitive = true
}
