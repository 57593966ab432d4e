package bmcsim

import (
	"net"
	"net/http"
	"strings"
	"testing"
)

func TestStartAndClose(t *testing.T) {
	b, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if b.Profile() != "dmtf" || !strings.HasPrefix(b.Addr(), "127.0.0.1:") {
		t.Errorf("profile %s addr %s", b.Profile(), b.Addr())
	}
	resp, err := http.Get(b.URL() + "/redfish/v1/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	b.Close()
	b.Close() // idempotent
	if _, err := http.Get(b.URL() + "/redfish/v1/"); err == nil {
		t.Error("still serving after Close")
	}
	if rep := b.RaiseEvent(t.Context(), EventRecord{MessageId: "Base.1.0.Success"}); len(rep.Results) != 0 {
		t.Errorf("closed BMC delivered: %+v", rep)
	}
	b.Reboot(0) // no-op once closed
	if b.Rebooting() {
		t.Error("closed BMC reboots")
	}
}

func TestStartOnTakenPortFails(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if _, err := Start(Options{Addr: ln.Addr().String()}); err == nil {
		t.Error("started on a taken port")
	}
}

func TestDefaultsApplied(t *testing.T) {
	b := startBMC(t, Options{})
	n, d := b.retrySettings()
	if n != 3 || d.Seconds() != 1 || b.opts.PageSize != 50 || b.opts.DeliveryTimeout.Seconds() != 5 {
		t.Errorf("defaults: %d %v %d %v", n, d, b.opts.PageSize, b.opts.DeliveryTimeout)
	}
	if b2 := startBMC(t, Options{DeliveryRetryAttempts: -1}); func() int { n, _ := b2.retrySettings(); return n }() != 0 {
		t.Error("negative attempts must mean no retries")
	}
	if p := startBMC(t, Options{Profile: "idrac", SessionCap: -1, MaxSubscriptions: -1}).ProfileRules(); p.SessionCap != 0 || p.MaxSubscriptions != 0 {
		t.Errorf("overrides: %d %d", p.SessionCap, p.MaxSubscriptions)
	}
}
