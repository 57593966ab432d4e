// Command demolab is the lab `make demo` runs in: three emulated BMCs of
// different vendors and an HTTPS event receiver, plus the small steps the
// demo takes against them (an out-of-band delete, test events) and the
// report that shows where each event landed.
//
//	demolab serve  -dir .demo            # runs until SIGINT/SIGTERM
//	demolab delete -dir .demo URL        # what an admin in the web UI would do
//	demolab send   -dir .demo            # a Critical, a Warning and an OK test event from each BMC
//	demolab report -dir .demo            # a table per receiver path; fails when routing is wrong
//
// serve writes lab.json (the BMCs, the receiver URL, the CA bundle) for the
// Terraform configuration and the other commands, and appends every event
// the receiver gets to events.jsonl.
package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
)

// Lab is lab.json: what serve started, for Terraform and the other commands.
type Lab struct {
	BMCs []LabBMC `json:"bmcs"`
	// Receiver is the base URL of the event receiver; the demo routes
	// severities to paths below it.
	Receiver string `json:"receiver"`
	// CAFile holds the CAs of the three BMCs' certificates, one bundle.
	CAFile   string `json:"ca_file"`
	Username string `json:"username"`
	Password string `json:"password"`
	// Token is what the subscriptions' Authorization header must carry.
	Token string `json:"token"`
}

// LabBMC is one emulated BMC.
type LabBMC struct {
	Name    string `json:"name"`
	Profile string `json:"profile"`
	URL     string `json:"url"`
}

// The three BMCs: vendors whose profiles accept the Severities filter the
// demo routes by (bmcweb and iLO 5 reject it; see internal/bmcsim/profiles.go).
var labProfiles = []string{"idrac", "xcc", "dmtf"}

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fs := flag.NewFlagSet(os.Args[1], flag.ExitOnError)
	dir := fs.String("dir", ".demo", "the demo's working folder (lab.json, events.jsonl, ca.pem)")
	port := fs.Int("port", 18640, "serve: first BMC port; the others take the next ones")
	wait := fs.Duration("wait", 15*time.Second, "report: how long to wait for the expected deliveries")
	_ = fs.Parse(os.Args[2:])
	var err error
	switch os.Args[1] {
	case "serve":
		err = serve(ctx, *dir, *port)
	case "delete":
		err = deleteSubscription(*dir, fs.Arg(0))
	case "send":
		err = sendTestEvents(*dir)
	case "report":
		err = report(os.Stdout, *dir, *wait)
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "demolab:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: demolab serve|delete URL|send|report [-dir .demo] [-port 18640] [-wait 15s]")
	os.Exit(2)
}

// serve starts the receiver and the BMCs, writes lab.json and records
// events until the context ends.
func serve(ctx context.Context, dir string, port int) error {
	lab := Lab{CAFile: filepath.Join(dir, "ca.pem"), Username: "admin", Password: "demo", Token: "Bearer demo-token"}
	sink, err := bmcsim.StartSink(true)
	if err != nil {
		return err
	}
	defer sink.Close()
	lab.Receiver = sink.URL()
	var bundle []byte
	for i, profile := range labProfiles {
		bmc, err := bmcsim.Start(bmcsim.Options{
			Profile: profile, TLS: true, Addr: fmt.Sprintf("127.0.0.1:%d", port+i),
			Username: lab.Username, Password: lab.Password,
			DeliveryRootCAs: sink.CertPool(), DeliveryRetryInterval: 200 * time.Millisecond,
		})
		if err != nil {
			return fmt.Errorf("%w\n(is another demo still running? `make demo-stop` stops one left by KEEP=1; or pick other ports with DEMO_PORT=...)", err)
		}
		defer bmc.Close()
		bundle = append(bundle, bmc.CACertPEM()...)
		// Profile(): the generation an alias such as "idrac" resolves to, which
		// is what the emulator names in its User-Agent.
		lab.BMCs = append(lab.BMCs, LabBMC{Name: fmt.Sprintf("node%d-%s", i+1, profile), Profile: bmc.Profile(), URL: bmc.URL()})
	}
	if err := os.WriteFile(lab.CAFile, bundle, 0o644); err != nil {
		return err
	}
	if err := writeJSON(filepath.Join(dir, "lab.json"), lab); err != nil {
		return err
	}
	for _, b := range lab.BMCs {
		fmt.Printf("BMC %-12s profile=%-6s %s\n", b.Name, b.Profile, b.URL)
	}
	fmt.Printf("receiver %s\n", lab.Receiver)
	return record(ctx, sink, filepath.Join(dir, "events.jsonl"), lab.Token)
}

// Received is one line of events.jsonl.
type Received struct {
	Path   string          `json:"path"`
	Time   time.Time       `json:"time"`
	AuthOK bool            `json:"auth_ok"` // Authorization header equal to the lab's token
	Auth   string          `json:"auth"`    // what arrived, redacted after the scheme
	Agent  string          `json:"user_agent"`
	Body   json.RawMessage `json:"body"`
}

func record(ctx context.Context, sink *bmcsim.Sink, file, token string) error {
	f, err := os.OpenFile(file, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	for n := 1; ctx.Err() == nil; {
		got, err := sink.WaitFor(n, 200*time.Millisecond)
		if err != nil {
			continue
		}
		for _, ev := range got[n-1:] {
			auth := ev.Header.Get("Authorization")
			line, _ := json.Marshal(Received{
				Path: ev.Path, Time: ev.Time, AuthOK: auth == token, Auth: redact(auth),
				Agent: ev.Header.Get("User-Agent"), Body: ev.Body,
			})
			if _, err := f.Write(append(line, '\n')); err != nil {
				return err
			}
		}
		n = len(got) + 1
	}
	return nil
}

// redact keeps an Authorization header's scheme only.
func redact(auth string) string {
	if auth == "" {
		return ""
	}
	scheme, _, _ := bytes.Cut([]byte(auth), []byte(" "))
	return string(scheme) + " …"
}

// deleteSubscription deletes a subscription behind Terraform's back.
func deleteSubscription(dir, url string) error {
	if url == "" {
		return errors.New("delete needs the subscription's URL")
	}
	lab, client, err := loadLab(dir)
	if err != nil {
		return err
	}
	return do(client, lab, http.MethodDelete, url, nil)
}

// The test events each BMC raises, one per severity. The demo routes
// Critical and Warning; OK goes to no one.
var testEvents = []struct{ Severity, Key, Resource string }{
	{"Critical", "ResourceStatusChangedCritical", "Disk.Bay.3"},
	{"Warning", "ResourceStatusChangedWarning", "Fan.Embedded.2"},
	{"OK", "ResourceStatusChangedOK", "PSU.Slot.1"},
}

func sendTestEvents(dir string) error {
	lab, client, err := loadLab(dir)
	if err != nil {
		return err
	}
	for _, b := range lab.BMCs {
		for _, ev := range testEvents {
			body, _ := json.Marshal(map[string]any{
				"MessageId":       "ResourceEvent.1.4." + ev.Key,
				"MessageArgs":     []string{ev.Resource, ev.Severity},
				"MessageSeverity": ev.Severity,
			})
			url := b.URL + "/redfish/v1/EventService/Actions/EventService.SubmitTestEvent"
			if err := do(client, lab, http.MethodPost, url, body); err != nil {
				return fmt.Errorf("%s: %w", b.Name, err)
			}
		}
		fmt.Printf("  %s sent a Critical, a Warning and an OK event\n", b.Name)
	}
	return nil
}

func do(client *http.Client, lab *Lab, method, url string, body []byte) error {
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.SetBasicAuth(lab.Username, lab.Password)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 300 {
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		return fmt.Errorf("%s %s: %s %s", method, url, resp.Status, msg)
	}
	return nil
}

func loadLab(dir string) (*Lab, *http.Client, error) {
	var lab Lab
	data, err := os.ReadFile(filepath.Join(dir, "lab.json"))
	if err != nil {
		return nil, nil, fmt.Errorf("%w (is `demolab serve` running?)", err)
	}
	if err := json.Unmarshal(data, &lab); err != nil {
		return nil, nil, err
	}
	pem, err := os.ReadFile(lab.CAFile)
	if err != nil {
		return nil, nil, err
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pem)
	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12},
	}}
	return &lab, client, nil
}

func writeJSON(file string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(file, append(data, '\n'), 0o600)
}
