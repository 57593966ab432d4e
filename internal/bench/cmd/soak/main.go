// Command soak is the second half of `make bench`: 1,000 create/delete
// cycles in one provider server (scaled by BENCH_SCALE, at least 50),
// printing memory, goroutines and live BMC sessions at start and end as
// "soak.figure value" lines, and failing when they are not flat.
package main

import (
	"context"
	"fmt"
	"os"
	"strconv"

	"github.com/bmc-events/terraform-provider-bmc/internal/bench"
)

func main() {
	scale := 1.0
	if v := os.Getenv("BENCH_SCALE"); v != "" {
		s, err := strconv.ParseFloat(v, 64)
		if err != nil || s <= 0 {
			fmt.Fprintf(os.Stderr, "soak: BENCH_SCALE=%q: want a positive number, e.g. 0.1\n", v)
			os.Exit(2)
		}
		scale = s
	}
	res, err := bench.Soak(context.Background(), max(50, int(1000*scale)), 20)
	res.Print(os.Stdout)
	if err == nil {
		err = res.Flat()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(1)
	}
}
