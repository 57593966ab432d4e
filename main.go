// Command terraform-provider-bmc serves the bmc Terraform provider, which manages
// Redfish BMC event subscriptions.
package main

import (
	"context"
	"flag"
	"log"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/bmc-events/terraform-provider-bmc/internal/provider"
)

// version is set by the release build (goreleaser ldflags).
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	// The framework's server behind the redaction layer, which every
	// diagnostic passes through (see provider.NewProtocol6Server).
	err := tf6server.Serve("registry.terraform.io/bmc-events/bmc", provider.NewProtocol6Server(version), opts...)
	// Serve returns when Terraform stops the plugin: log out of BMC sessions
	// before exiting, with a bound so a dead BMC cannot hold up terraform.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	provider.Shutdown(ctx)
	cancel()
	if err != nil {
		log.Fatal(err.Error())
	}
}
