# Terraform 1.12+ or OpenTofu 1.12+: import by resource identity.
import {
  to = bmc_event_subscription.alerts
  identity = {
    endpoint        = "https://10.0.0.5"
    subscription_id = "5"
  }
}
