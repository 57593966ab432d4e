# A fleet module: every BMC gets one subscription per severity, each routed to
# its own URL (pages for Critical, a ticket queue for Warning, …).
#
#   module "bmc_events" {
#     source   = "./examples/fleet"
#     bmcs     = { "rack1-node1" = { endpoint = "https://10.0.1.11" }, ... }
#     routes   = { Critical = "https://pager.example.com/redfish", Warning = "https://tickets.example.com/redfish" }
#     password = var.bmc_password
#   }

terraform {
  required_providers {
    bmc = {
      source = "bmc-events/bmc"
    }
  }
}

locals {
  # One entry per (BMC, severity) pair, keyed "rack1-node1/Critical".
  subscriptions = {
    for pair in setproduct(keys(var.bmcs), keys(var.routes)) :
    "${pair[0]}/${pair[1]}" => { bmc = pair[0], severity = pair[1] }
  }
}

resource "bmc_event_subscription" "by_severity" {
  for_each = local.subscriptions

  bmc = {
    endpoint       = var.bmcs[each.value.bmc].endpoint
    username       = var.bmcs[each.value.bmc].username
    password       = var.password
    ca_certificate = var.ca_certificate
    insecure       = var.insecure
  }

  destination       = var.routes[each.value.severity]
  context           = each.key
  severities        = [each.value.severity]
  registry_prefixes = var.registry_prefixes

  http_headers_wo         = var.collector_headers
  http_headers_wo_version = var.collector_headers_version
}
