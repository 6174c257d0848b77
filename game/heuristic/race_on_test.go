//go:build race

package heuristic_test

// raceEnabled trims the generated sample: the race detector makes the
// simulator about ten times slower, and the table's shape does not need
// 200 scenarios to be checked under it.
const raceEnabled = true
