# SNMPv3 traps (EventDestination v1_7_0). The keys are write-only
# (Terraform 1.11+): they reach the BMC and never the plan or state.
variable "snmp_auth_key" {
  type      = string
  sensitive = true
}

variable "snmp_priv_key" {
  type      = string
  sensitive = true
}

resource "bmc_event_subscription" "traps" {
  destination = "snmp://trap.example.com:162"
  protocol    = "SNMPv3"
  snmp = {
    authentication_protocol = "HMAC_SHA96"
    encryption_protocol     = "CFB128_AES128"
  }
  snmp_authentication_key_wo = var.snmp_auth_key
  snmp_encryption_key_wo     = var.snmp_priv_key
  snmp_wo_version            = 1 # bump to send new keys
}
