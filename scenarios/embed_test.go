package scenarios

import (
	"slices"
	"testing"
)

func TestPacksInPlayOrder(t *testing.T) {
	got := Packs()
	want := []string{"starter", "core", "nightmare"}
	if !slices.Equal(got, want) {
		t.Fatalf("Packs() = %v, want %v (warm-ups first)", got, want)
	}
}
