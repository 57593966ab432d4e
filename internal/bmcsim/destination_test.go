package bmcsim

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestDestinationReportRender(t *testing.T) {
	for _, tc := range []struct {
		report   DestinationReport
		in, want string
	}{
		{DestinationReport{}, "https://u:p@h/e?x=1", "https://u:p@h/e?x=1"},
		{DestinationReport{MaskPassword: true}, "https://user:pa:ss@host/p", "https://user:******@host/p"},
		{DestinationReport{MaskPassword: true}, "https://user@host/p", "https://user@host/p"},
		{DestinationReport{MaskPassword: true}, "https://host/p", "https://host/p"},
		{DestinationReport{DropQuery: true}, "https://h/e?token=t&a=b#f", "https://h/e#f"},
		{DestinationReport{ExplicitPort: true}, "https://h", "https://h:443/"},
		{DestinationReport{ExplicitPort: true}, "http://h/x", "http://h:80/x"},
		{DestinationReport{ExplicitPort: true}, "HTTPS://h?q", "HTTPS://h:443/?q"},
		{DestinationReport{ExplicitPort: true}, "https://h:8443", "https://h:8443/"},
		{DestinationReport{ExplicitPort: true}, "https://[::1]/e", "https://[::1]:443/e"},
		{DestinationReport{ExplicitPort: true}, "https://[::1]:9/e", "https://[::1]:9/e"},
		{DestinationReport{ExplicitPort: true}, "snmp://h", "snmp://h:162/"},
		{DestinationReport{ExplicitPort: true}, "mailto:a@b", "mailto:a@b"},
		{DestinationReport{EncodeUnreserved: true}, "https://h/~u/e?a=~b", "https://h/%7Eu/e?a=%7Eb"},
		{DestinationReport{MaskPassword: true, DropQuery: true, ExplicitPort: true, EncodeUnreserved: true},
			"https://u:p@h/~e?k=v", "https://u:******@h:443/%7Ee"},
		{DestinationReport{Empty: true}, "https://h/e", ""},
	} {
		got, ok := tc.report.render(tc.in)
		if got != tc.want || !ok {
			t.Errorf("%v.render(%q) = %q, %v; want %q", tc.report.Flags(), tc.in, got, ok, tc.want)
		}
	}
	if _, ok := (DestinationReport{Omit: true}).render("https://h"); ok {
		t.Error("Omit rendered a Destination")
	}
}

// A rewrite changes only what is served: the stored Destination, the
// duplicate check and deliveries keep the URI the client sent.
func TestDestinationReportServedNotStored(t *testing.T) {
	sink := startSink(t, false)
	for _, name := range DestinationReportNames() {
		t.Run(name, func(t *testing.T) {
			report, err := ParseDestinationReport(name)
			if err != nil || !slices.Equal(report.Flags(), []string{name}) {
				t.Fatalf("ParseDestinationReport(%q) = %v, %v", name, report.Flags(), err)
			}
			b := startBMC(t, Options{Destination: report, DeliveryRetryAttempts: -1})
			c := newClient(t, b)
			dest := sink.URL() + "/~ev?tag=" + name
			if report.MaskPassword { // the others refuse userinfo, as RFC 9110 §4.2.4 asks
				dest = strings.Replace(dest, "http://", "http://user:pw@", 1)
			}
			loc := c.create(redfishDest(dest))
			got := c.expect(http.MethodGet, loc, nil, http.StatusOK).json(t)
			want, present := report.render(dest)
			if v, ok := got["Destination"]; ok != present || (present && v != want) {
				t.Errorf("served %v (present %v), want %q (present %v)", v, ok, want, present)
			}
			// The sink listens on a port of its own, so explicit-port has
			// nothing to add here (TestDestinationReportRender covers it).
			if want == dest && present && !report.ExplicitPort {
				t.Errorf("rewrite %s changed nothing in %q", name, dest)
			}
			if s := b.Subscriptions(); len(s) != 1 || s[0].Destination != dest {
				t.Errorf("stored %+v", s)
			}
			before := len(sink.Received())
			b.RaiseEvent(t.Context(), EventRecord{MessageId: "ResourceEvent.1.4.ResourceCreated", OriginOfCondition: "/redfish/v1/Systems/1"})
			evs := sink.Received()
			if len(evs) != before+1 || evs[len(evs)-1].Path != "/events/~ev" || evs[len(evs)-1].Query != "tag="+name {
				t.Errorf("delivery did not go to the stored URI: %+v", evs[before:])
			}
		})
	}
	if _, err := ParseDestinationReport("mask-password,bogus"); err == nil {
		t.Error("unknown rewrite accepted")
	}
}
