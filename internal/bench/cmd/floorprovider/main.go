// Command floorprovider serves the framework's floor (bench.NewFloorProvider)
// as Terraform's "bmc" provider, with every log off: what the benchmark
// compares the provider's CPU with.
package main

import (
	"context"
	"github.com/bmc-events/terraform-provider-bmc/internal/profiling"
	"log"
	"os"

	"github.com/hashicorp/go-hclog"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/bmc-events/terraform-provider-bmc/internal/bench"
)

func main() {
	for _, k := range []string{"TF_LOG_SDK", "TF_LOG_SDK_PROTO", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_PROVIDER_BMC"} {
		_ = os.Setenv(k, "off")
	}
	schemas, err := bench.RealResourceSchemas(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	defer profiling.StartCPU()()
	err = tf6server.Serve("registry.terraform.io/bmc-events/bmc", providerserver.NewProtocol6(bench.NewFloorProvider(schemas)()),
		tf6server.WithGoPluginLogger(hclog.NewNullLogger()))
	if err != nil {
		log.Print(err)
	}
}
