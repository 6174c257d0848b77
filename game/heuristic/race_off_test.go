//go:build !race

package heuristic_test

const raceEnabled = false
