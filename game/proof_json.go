package game

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// MaxProofItems bounds answer.proof: a few items per chain step is plenty.
const MaxProofItems = 64

// DecodeProof reads a proof list from JSON (the form a sealed answer key
// encrypts): unknown fields are errors, every item must pass Check, and
// its text is sanitized like any pack text. The bytes come from a key
// file, so nothing here may panic or run long on hostile input.
func DecodeProof(data []byte) ([]ProofItem, error) {
	if len(bytes.TrimSpace(data)) == 0 || string(bytes.TrimSpace(data)) == "null" {
		return nil, nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var items []ProofItem
	if err := dec.Decode(&items); err != nil {
		return nil, fmt.Errorf("proof: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("proof: trailing data")
	}
	if len(items) > MaxProofItems {
		return nil, fmt.Errorf("proof: %d items; at most %d", len(items), MaxProofItems)
	}
	for i := range items {
		items[i].sanitize()
		if field, err := items[i].Check(); err != nil {
			if field != "" {
				return nil, fmt.Errorf("proof[%d]: %s: %v", i, field, err)
			}
			return nil, fmt.Errorf("proof[%d]: %v", i, err)
		}
	}
	return items, nil
}

// sanitize passes an item's text through SanitizeLine, as the loader does
// for the signals it is matched against: a selector written with a control
// character then matches the line as the game shows it. A regex is left
// as written (escaping it would change what it means).
func (it *ProofItem) sanitize() {
	if it.Log != nil {
		it.Log.Service = SanitizeLine(it.Log.Service)
		it.Log.Contains = SanitizeLine(it.Log.Contains)
	}
	if it.Metric != nil {
		it.Metric.Service, it.Metric.Name = SanitizeLine(it.Metric.Service), SanitizeLine(it.Metric.Name)
	}
	if it.Span != nil {
		it.Span.Service, it.Span.Name = SanitizeLine(it.Span.Service), SanitizeLine(it.Span.Name)
	}
}
