# The collector's CA and a client certificate for mutual TLS
# (Certificates: v1_9_0, ClientCertificates: v1_11_0). Rotating them
# updates the subscription in place.
resource "bmc_event_subscription" "mtls" {
  destination           = "https://events.example.com/redfish"
  verify_certificate    = true
  certificates          = [file("${path.module}/collector-ca.pem")]
  client_certificate    = file("${path.module}/bmc-client.pem")
  client_key_wo         = file("${path.module}/bmc-client-key.pem")
  client_key_wo_version = 1
}
