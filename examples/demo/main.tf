# The demo: three emulated BMCs of different vendors (started by run.sh, described in
# lab.json), each subscribed once per severity through the fleet module, Critical and
# Warning events routed to their own receiver path, and a data source reading one BMC back.
terraform {
  required_providers {
    bmc = {
      source = "bmc-events/bmc"
    }
  }
}

variable "lab_file" {
  description = "lab.json written by `demolab serve`: the BMCs, the receiver, the CA bundle."
  type        = string
}

locals {
  lab = jsondecode(file(var.lab_file))
}

provider "bmc" {
  username       = local.lab.username
  password       = local.lab.password
  ca_certificate = file(local.lab.ca_file)
}

module "fleet" {
  source = "../../examples/fleet"

  # Keys name the BMCs ("node1-idrac"); each subscription's context is
  # "<bmc>/<severity>", so the receiver can tell who sent what.
  bmcs     = { for b in local.lab.bmcs : b.name => { endpoint = b.url } }
  routes   = { Critical = "${local.lab.receiver}/critical", Warning = "${local.lab.receiver}/warning" }
  password = local.lab.password
  # One PEM bundle holding the three BMCs' CAs.
  ca_certificate = file(local.lab.ca_file)

  collector_headers         = { Authorization = local.lab.token }
  collector_headers_version = 1
}

data "bmc_event_subscriptions" "first" {
  bmc        = { endpoint = local.lab.bmcs[0].url }
  depends_on = [module.fleet]
}

output "subscriptions" {
  value = module.fleet.subscriptions
}

output "first_bmc" {
  value = {
    for s in data.bmc_event_subscriptions.first.subscriptions : s.id => "${s.context} -> ${s.destination} [${s.status}]"
  }
}
