// Package count writes "1 trace" and "3 traces": a count with its noun in
// the right number, so no screen says "1 traces".
package count

import "strconv"

// Of returns n with one (n == 1) or many: Of(1, "span", "spans") is
// "1 span", Of(0, "span", "spans") is "0 spans".
func Of(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
