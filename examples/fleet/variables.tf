variable "bmcs" {
  description = "BMCs by name: their Redfish endpoint and user name."
  type = map(object({
    endpoint = string
    username = optional(string, "admin")
  }))
}

variable "routes" {
  description = "Destination URL for each severity (OK, Warning, Critical)."
  type        = map(string)
  validation {
    condition     = alltrue([for s in keys(var.routes) : contains(["OK", "Warning", "Critical"], s)])
    error_message = "Route keys must be Redfish severities: OK, Warning or Critical."
  }
}

variable "password" {
  description = "Password of the BMC users."
  type        = string
  sensitive   = true
}

variable "ca_certificate" {
  description = "PEM CA certificate that signed the BMCs' certificates."
  type        = string
  default     = null
}

variable "insecure" {
  description = "Skip TLS verification of the BMCs (not for production)."
  type        = bool
  default     = null
}

variable "registry_prefixes" {
  description = "Message registries to subscribe to."
  type        = list(string)
  default     = null
}

variable "collector_headers" {
  description = "Headers the BMCs send with each event (e.g. Authorization); write-only, never in state."
  type        = map(string)
  default     = null
  sensitive   = true
}

variable "collector_headers_version" {
  description = "Bump when collector_headers change, to recreate the subscriptions with them."
  type        = number
  default     = null
}
