//go:build race

package sim

// raceEnabled trims the property tests: the race detector makes the
// simulator ~10x slower, and the properties do not depend on seed count.
const raceEnabled = true
