terraform {
  required_providers {
    bmc = {
      source = "bmc-events/bmc"
    }
  }
}

# Credentials usually come from the environment:
#   BMC_ENDPOINT, BMC_USERNAME, BMC_PASSWORD, BMC_CA_CERTIFICATE, BMC_INSECURE
provider "bmc" {
  endpoint       = "https://10.0.0.5"
  username       = "admin"
  password       = var.bmc_password
  ca_certificate = file("${path.module}/bmc-ca.pem")
}

variable "bmc_password" {
  type      = string
  sensitive = true
}
