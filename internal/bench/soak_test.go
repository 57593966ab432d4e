package bench

import (
	"context"
	"strings"
	"testing"
)

// A short soak against a real emulated BMC: the cycles run, the provider
// keeps its one session, and nothing is left behind.
func TestSoakShort(t *testing.T) {
	res, err := Soak(context.Background(), 30, 5)
	if err != nil {
		t.Fatal(err)
	}
	if res.Cycles != 30 || res.Start.SessionsLive != 1 || res.End.SessionsLive != 1 || res.SessionsCreated != 0 {
		t.Errorf("want 30 cycles on the one session opened in the warm-up, got %+v", res)
	}
	if err := res.Flat(); err != nil {
		t.Error(err)
	}
	var b strings.Builder
	res.Print(&b)
	if !strings.Contains(b.String(), "soak.sessions_live_end 1\n") {
		t.Errorf("printed figures lack sessions_live_end:\n%s", b.String())
	}
}

func TestSoakFlat(t *testing.T) {
	start := SoakSample{HeapMB: 10, Goroutines: 8, SessionsLive: 1}
	for _, tc := range []struct {
		end  SoakSample
		want string
	}{
		{SoakSample{HeapMB: 12, Goroutines: 9, SessionsLive: 1}, ""},
		{SoakSample{HeapMB: 20, Goroutines: 8, SessionsLive: 1}, "heap grew"},
		{SoakSample{HeapMB: 10, Goroutines: 20, SessionsLive: 1}, "goroutines grew"},
		{SoakSample{HeapMB: 10, Goroutines: 8, SessionsLive: 2}, "live sessions"},
	} {
		err := SoakResult{Cycles: 1000, Start: start, End: tc.end}.Flat()
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%+v: %v", tc.end, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%+v: error %v, want one saying %q", tc.end, err, tc.want)
		}
	}
}
