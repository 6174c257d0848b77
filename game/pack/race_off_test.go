//go:build !race

package pack

// raceEnabled reports whether the tests run under the race detector.
const raceEnabled = false
