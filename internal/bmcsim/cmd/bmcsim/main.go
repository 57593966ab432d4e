// Command bmcsim runs emulated Redfish BMCs by hand, for demos, curl
// sessions and load tests:
//
//	go run ./internal/bmcsim/cmd/bmcsim --addr 127.0.0.1:8000 --profile openbmc \
//	    --tls --username admin --password secret --latency 50ms
//
// It prints one URL per BMC and runs until interrupted (SIGINT/SIGTERM).
// See --help for every flag.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// faultFlags collects repeated --fault values.
type faultFlags []string

func (f *faultFlags) String() string     { return strings.Join(*f, ",") }
func (f *faultFlags) Set(v string) error { *f = append(*f, v); return nil }

type config struct {
	opts    bmcsim.Options
	count   int
	faults  faultFlags
	caOut   string
	sink    bool
	sinkTLS bool
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	cfg := &config{}
	fs := flag.NewFlagSet("bmcsim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := &cfg.opts
	fs.StringVar(&o.Addr, "addr", "127.0.0.1:8000", "listen address host:port; with --count N, BMC i listens on port+i (port 0: free ports)")
	fs.StringVar(&o.Profile, "profile", "dmtf", "BMC profile: "+strings.Join(bmcsim.ProfileNames(), ", "))
	fs.BoolVar(&o.TLS, "tls", false, "serve HTTPS with a certificate from a CA generated at start (see --ca-out)")
	fs.StringVar(&o.Username, "username", "", "require this user (Basic or session auth); empty: no authentication")
	fs.StringVar(&o.Password, "password", "", "password for --username")
	fs.DurationVar(&o.Latency, "latency", 0, "fixed latency added to every request, e.g. 50ms")
	fs.DurationVar(&o.Jitter, "jitter", 0, "random extra latency, uniformly 0..jitter")
	fs.IntVar(&cfg.count, "count", 1, "number of BMCs (a fleet), each on its own port")
	fs.Var(&cfg.faults, "fault", "inject a fault, kind:type[:duration][*count], repeatable; kinds: "+
		kindList()+"; types: "+typeList()+"; duration is the latency, Retry-After, reboot window or hang limit")
	fs.IntVar(&o.PageSize, "page-size", 50, "members per page of collections before Members@odata.nextLink")
	fs.DurationVar(&o.SessionIdleTimeout, "session-timeout", 0, "session idle timeout (0: the profile's default)")
	fs.IntVar(&o.MaxSubscriptions, "max-subscriptions", 0, "subscription cap (0: the profile's, -1: none)")
	fs.IntVar(&o.SessionCap, "session-cap", 0, "concurrent session cap (0: the profile's, -1: none)")
	fs.DurationVar(&o.DeliveryRetryInterval, "retry-interval", time.Second, "event delivery retry interval")
	fs.IntVar(&o.DeliveryRetryAttempts, "retry-attempts", 3, "event delivery retries before the retry policy applies (-1: none)")
	fs.BoolVar(&o.NoQueryStrings, "no-query-strings", false, "answer 404 to any request with a query string ($expand, $skip…) while the service root still advertises ExpandQuery")
	fs.Func("destination-report", "comma-separated rewrites of Destination as subscriptions report it (stored value unchanged): "+
		strings.Join(bmcsim.DestinationReportNames(), ", "), func(v string) error {
		d, err := bmcsim.ParseDestinationReport(v)
		o.Destination = d
		return err
	})
	fs.StringVar(&cfg.caOut, "ca-out", "", "write the PEM of the CA that signed the BMC certificates to this file")
	fs.BoolVar(&cfg.sink, "sink", false, "also start an event listener on a free port and print every event it receives")
	fs.BoolVar(&cfg.sinkTLS, "sink-tls", false, "serve the --sink listener over HTTPS (its CA is trusted for deliveries)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: bmcsim [flags]\n\nRuns emulated Redfish BMCs until interrupted. Flags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	return cfg, nil
}

func kindList() string {
	var ks []string
	for _, k := range bmcsim.RequestKinds() {
		ks = append(ks, string(k))
	}
	return strings.Join(ks, ", ")
}

func typeList() string {
	var ts []string
	for _, t := range bmcsim.FaultTypes() {
		ts = append(ts, string(t))
	}
	return strings.Join(ts, ", ")
}

// run is main without the process: it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "bmcsim:", err)
		return 2
	}
	var sink *bmcsim.Sink
	if cfg.sink || cfg.sinkTLS {
		if sink, err = bmcsim.StartSink(cfg.sinkTLS); err != nil {
			fmt.Fprintln(stderr, "bmcsim:", err)
			return 1
		}
		defer sink.Close()
		cfg.opts.DeliveryRootCAs = sink.CertPool()
	}
	fleet, err := startFleet(cfg)
	if err != nil {
		fmt.Fprintln(stderr, "bmcsim:", err)
		return 1
	}
	defer fleet.Close()
	for _, b := range fleet.BMCs {
		fmt.Fprintf(stdout, "bmcsim: profile=%s url=%s\n", b.Profile(), b.URL())
	}
	if cfg.caOut != "" {
		fmt.Fprintf(stdout, "bmcsim: CA certificate written to %s\n", cfg.caOut)
	}
	if sink != nil {
		fmt.Fprintf(stdout, "bmcsim: event sink url=%s\n", sink.URL())
		go printEvents(ctx, sink, stdout)
	}
	<-ctx.Done()
	fmt.Fprintln(stdout, "bmcsim: shutting down")
	return 0
}

func startFleet(cfg *config) (*bmcsim.Fleet, error) {
	type armed struct {
		kind  bmcsim.RequestKind
		fault bmcsim.Fault
	}
	var faults []armed
	for _, spec := range cfg.faults {
		k, f, err := bmcsim.ParseFault(spec)
		if err != nil {
			return nil, err
		}
		faults = append(faults, armed{k, f})
	}
	fleet, err := bmcsim.StartFleet(cfg.count, cfg.opts)
	if err != nil {
		return nil, err
	}
	for _, b := range fleet.BMCs {
		for _, a := range faults {
			b.InjectFault(a.kind, a.fault)
		}
	}
	if cfg.caOut != "" {
		pem := fleet.CACertPEM()
		if pem == nil {
			fleet.Close()
			return nil, errors.New("--ca-out needs --tls")
		}
		if err := os.WriteFile(cfg.caOut, pem, 0o644); err != nil {
			fleet.Close()
			return nil, err
		}
	}
	return fleet, nil
}

// printEvents prints each event the sink accepts, one JSON line each, with
// the headers a subscription's HttpHeaders added.
func printEvents(ctx context.Context, sink *bmcsim.Sink, out io.Writer) {
	for n := 1; ctx.Err() == nil; {
		got, err := sink.WaitFor(n, 200*time.Millisecond)
		if err != nil {
			continue
		}
		for _, ev := range got[n-1:] {
			var hs []string
			for k, v := range ev.Header {
				if k != "Content-Length" && k != "Accept-Encoding" && k != "User-Agent" {
					hs = append(hs, k+"="+strings.Join(v, ","))
				}
			}
			fmt.Fprintf(out, "bmcsim: event path=%s headers=[%s] body=%s\n", ev.Path, strings.Join(hs, " "), ev.Body)
		}
		n = len(got) + 1
	}
}
