package bench

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
)

// ProcessUsage is what one provider process used, as the rusage command
// records it.
type ProcessUsage struct {
	Pid        int     `json:"pid"`
	CPUMillis  float64 `json:"cpu_ms"`
	PeakRSSKB  int64   `json:"peak_rss_kb"`
	WallMillis float64 `json:"wall_ms"`
}

// Usage sums the provider processes of one command.
type Usage struct {
	Processes int
	CPUMillis float64
	PeakRSSMB float64 // the largest process's
}

// ReadUsage reads the records of the rusage command.
func ReadUsage(path string) (Usage, error) {
	f, err := os.Open(path) //nolint:gosec // the benchmark's own file
	if err != nil {
		if os.IsNotExist(err) {
			return Usage{}, nil
		}
		return Usage{}, err
	}
	defer f.Close()
	var u Usage
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var p ProcessUsage
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			return Usage{}, fmt.Errorf("%s: %w", path, err)
		}
		u.Processes++
		u.CPUMillis += p.CPUMillis
		u.PeakRSSMB = max(u.PeakRSSMB, float64(p.PeakRSSKB)/1024)
	}
	return u, sc.Err()
}
