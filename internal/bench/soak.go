package bench

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/bmc-events/terraform-provider-bmc/internal/bmcsim"
	bmcprovider "github.com/bmc-events/terraform-provider-bmc/internal/provider"
)

const resourceType = "bmc_event_subscription"

// SoakSample is one reading of the provider process and its BMC.
type SoakSample struct {
	HeapMB       float64
	Goroutines   int
	SessionsLive int
}

// SoakResult is a soak's first and last readings.
type SoakResult struct {
	Cycles          int
	Start, End      SoakSample
	SessionsCreated int64
	Elapsed         time.Duration
}

// Flat says what grew, if anything: the heap by more than a quarter and
// 2 MB, goroutines by more than 2, live sessions at all.
func (r SoakResult) Flat() error {
	switch {
	case r.End.HeapMB > r.Start.HeapMB*1.25+2:
		return fmt.Errorf("the heap grew from %.1f MB to %.1f MB over %d cycles", r.Start.HeapMB, r.End.HeapMB, r.Cycles)
	case r.End.Goroutines > r.Start.Goroutines+2:
		return fmt.Errorf("goroutines grew from %d to %d over %d cycles", r.Start.Goroutines, r.End.Goroutines, r.Cycles)
	case r.End.SessionsLive > r.Start.SessionsLive:
		return fmt.Errorf("live sessions on the BMC grew from %d to %d over %d cycles", r.Start.SessionsLive, r.End.SessionsLive, r.Cycles)
	}
	return nil
}

// Print writes the readings as "soak.figure value" lines.
func (r SoakResult) Print(w io.Writer) {
	for _, f := range []Figure{
		{"cycles", float64(r.Cycles)},
		{"heap_mb_start", r.Start.HeapMB}, {"heap_mb_end", r.End.HeapMB},
		{"goroutines_start", float64(r.Start.Goroutines)}, {"goroutines_end", float64(r.End.Goroutines)},
		{"sessions_live_start", float64(r.Start.SessionsLive)}, {"sessions_live_end", float64(r.End.SessionsLive)},
		{"sessions_created", float64(r.SessionsCreated)},
		{"ms_per_cycle", float64(r.Elapsed.Milliseconds()) / float64(max(r.Cycles, 1))},
	} {
		fmt.Fprintf(w, "soak.%s %s\n", f.Name, format(f.Value))
	}
}

// Soak creates and deletes one subscription cycles times in one provider
// server, in this process, the way Terraform drives it over the protocol
// (plan, apply, refresh, delete), against one emulated BMC with session
// auth. The first readings are taken after a warm-up of warmup cycles.
func Soak(ctx context.Context, cycles, warmup int) (SoakResult, error) {
	bmc, err := bmcsim.Start(bmcsim.Options{TLS: true, Username: "admin", Password: "pw", MaxSubscriptions: -1})
	if err != nil {
		return SoakResult{}, err
	}
	defer bmc.Close()
	p, err := newSoakProvider(ctx, bmc)
	if err != nil {
		return SoakResult{}, err
	}
	defer bmcprovider.Shutdown(ctx)
	sample := func() SoakSample {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return SoakSample{HeapMB: float64(m.HeapAlloc) / (1 << 20), Goroutines: runtime.NumGoroutine(), SessionsLive: bmc.Stats().SessionsLive}
	}
	var res SoakResult
	for i := range warmup + cycles {
		if i == warmup {
			res.Start = sample()
			bmc.ResetStats()
			res.Elapsed = 0
		}
		t := time.Now()
		if err := p.cycle(ctx, i); err != nil {
			return res, fmt.Errorf("cycle %d: %w", i, err)
		}
		res.Elapsed += time.Since(t)
	}
	res.Cycles = cycles
	res.End = sample()
	res.SessionsCreated = bmc.Stats().SessionsCreated
	if n := len(bmc.Subscriptions()); n != 0 {
		return res, fmt.Errorf("%d subscriptions left on the BMC after the cycles", n)
	}
	return res, nil
}

type soakProvider struct {
	srv     tfprotov6.ProviderServer
	typ     tftypes.Object
	bmc     *bmcsim.BMC
	bmcAttr tftypes.Value
}

func newSoakProvider(ctx context.Context, bmc *bmcsim.BMC) (*soakProvider, error) {
	srv := bmcprovider.NewProtocol6Server("soak")()
	schema, err := srv.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		return nil, err
	}
	provType, ok := schema.Provider.ValueType().(tftypes.Object)
	if !ok {
		return nil, fmt.Errorf("the provider schema is a %s, not an object", schema.Provider.ValueType())
	}
	cfg, err := tfprotov6.NewDynamicValue(provType, tftypes.NewValue(provType, nullAttributes(provType, nil)))
	if err != nil {
		return nil, err
	}
	cresp, err := srv.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{TerraformVersion: "1.11.4", Config: &cfg})
	if err := protoErr(err, cresp.Diagnostics); err != nil {
		return nil, fmt.Errorf("configure: %w", err)
	}
	rs, ok := schema.ResourceSchemas[resourceType]
	if !ok {
		return nil, fmt.Errorf("the provider has no %s resource", resourceType)
	}
	typ, ok := rs.ValueType().(tftypes.Object)
	if !ok {
		return nil, fmt.Errorf("%s is not an object", resourceType)
	}
	bmcType, ok := typ.AttributeTypes["bmc"].(tftypes.Object)
	if !ok {
		return nil, fmt.Errorf("%s has no bmc object", resourceType)
	}
	bmcAttr := tftypes.NewValue(bmcType, nullAttributes(bmcType, map[string]tftypes.Value{
		"endpoint":       tftypes.NewValue(tftypes.String, bmc.URL()),
		"username":       tftypes.NewValue(tftypes.String, "admin"),
		"password":       tftypes.NewValue(tftypes.String, "pw"),
		"auth_method":    tftypes.NewValue(tftypes.String, "session"),
		"ca_certificate": tftypes.NewValue(tftypes.String, string(bmc.CACertPEM())),
	}))
	return &soakProvider{srv: srv, typ: typ, bmc: bmc, bmcAttr: bmcAttr}, nil
}

// nullAttributes is the attribute map of t with set and nulls elsewhere.
func nullAttributes(t tftypes.Object, set map[string]tftypes.Value) map[string]tftypes.Value {
	out := make(map[string]tftypes.Value, len(t.AttributeTypes))
	for k, at := range t.AttributeTypes {
		out[k] = tftypes.NewValue(at, nil)
	}
	for k, v := range set {
		out[k] = v
	}
	return out
}

func protoErr(err error, diags []*tfprotov6.Diagnostic) error {
	if err != nil {
		return err
	}
	for _, d := range diags {
		if d.Severity == tfprotov6.DiagnosticSeverityError {
			return fmt.Errorf("%s: %s", d.Summary, d.Detail)
		}
	}
	return nil
}

// cycle plans, creates, refreshes and deletes subscription i.
func (p *soakProvider) cycle(ctx context.Context, i int) error {
	config := tftypes.NewValue(p.typ, nullAttributes(p.typ, map[string]tftypes.Value{
		"bmc":         p.bmcAttr,
		"destination": tftypes.NewValue(tftypes.String, fmt.Sprintf("https://collector.example.com/soak/%d", i)),
		"context":     tftypes.NewValue(tftypes.String, fmt.Sprintf("soak-%d", i)),
	}))
	null := tftypes.NewValue(p.typ, nil)
	dv := func(v tftypes.Value) *tfprotov6.DynamicValue {
		d, _ := tfprotov6.NewDynamicValue(p.typ, v)
		return &d
	}
	plan, err := p.srv.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
		TypeName: resourceType, PriorState: dv(null), ProposedNewState: dv(config), Config: dv(config),
	})
	if err := protoErr(err, plan.Diagnostics); err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	created, err := p.srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: resourceType, PriorState: dv(null), PlannedState: plan.PlannedState, Config: dv(config), PlannedPrivate: plan.PlannedPrivate,
	})
	if err := protoErr(err, created.Diagnostics); err != nil {
		return fmt.Errorf("create: %w", err)
	}
	read, err := p.srv.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: resourceType, CurrentState: created.NewState, Private: created.Private})
	if err := protoErr(err, read.Diagnostics); err != nil {
		return fmt.Errorf("refresh: %w", err)
	}
	if n := len(p.bmc.Subscriptions()); n != 1 {
		return fmt.Errorf("the BMC holds %d subscriptions after a create, want 1", n)
	}
	deleted, err := p.srv.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{
		TypeName: resourceType, PriorState: read.NewState, PlannedState: dv(null), Config: dv(null), PlannedPrivate: read.Private,
	})
	if err := protoErr(err, deleted.Diagnostics); err != nil {
		return fmt.Errorf("delete: %w", err)
	}
	return nil
}
