# The demo: three emulated BMCs (started by run.sh), each subscribed once per
# severity through the fleet module, and a data source reading one BMC back.
terraform {
  required_providers {
    bmc = {
      source = "bmc-events/bmc"
    }
  }
}

variable "endpoints" {
  type = list(string)
}

variable "ca_certificate_file" {
  type = string
}

variable "sink_url" {
  type = string
}

provider "bmc" {
  username       = "admin"
  password       = "demo"
  ca_certificate = file(var.ca_certificate_file)
}

module "fleet" {
  source = "../../examples/fleet"

  bmcs           = { for i, e in var.endpoints : "bmc${i + 1}" => { endpoint = e } }
  routes         = { Critical = "${var.sink_url}/critical", Warning = "${var.sink_url}/warning" }
  password       = "demo"
  ca_certificate = file(var.ca_certificate_file)

  collector_headers         = { Authorization = "Bearer demo-token" }
  collector_headers_version = 1
}

data "bmc_event_subscriptions" "first" {
  bmc        = { endpoint = var.endpoints[0] }
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
