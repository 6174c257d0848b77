package pack

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"firedrill/game"
)

// The OTLP/JSON walk: a json.Decoder stepped through the export's shape
// token by token (resourceSpans → scopeSpans → spans), decoding only
// single spans and resources into structs and skipping every other field.
// Top-level values follow one another, so one export and JSON Lines of
// them (the collector's file exporter) are read the same way.

// errOTLPShape is a well-formed JSON document in the wrong shape.
type errOTLPShape struct{ msg string }

func (e *errOTLPShape) Error() string { return e.msg }

// walk reads every export in the file; true when MaxSpans was passed.
func (r *otlpReader) walk() (over bool) {
	dec := json.NewDecoder(bytes.NewReader(r.data))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return false
		}
		if d, ok := tok.(json.Delim); err == nil && (!ok || d != '{') {
			err = &errOTLPShape{"an OTLP/JSON export is an object: {\"resourceSpans\": [...]}"}
		}
		if err == nil {
			err = r.export(dec)
		}
		if errors.Is(err, errOverSpans) {
			r.errs.add(r.line(int(dec.InputOffset())), "", "more than %d spans in the scenario (MaxSpans)", MaxSpans)
			return true
		}
		if err != nil {
			r.errs.add(r.errorLine(dec, err), "", "%s", game.SanitizeLine(cleanJSONError(err)))
			return false
		}
	}
}

var errOverSpans = errors.New("over MaxSpans")

func (r *otlpReader) errorLine(dec *json.Decoder, err error) int {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return lineAt(r.data, int(se.Offset)-1)
	case errors.As(err, &te):
		return lineAt(r.data, int(te.Offset)-1)
	}
	return lineAt(r.data, int(dec.InputOffset()))
}

// export reads the rest of {"resourceSpans": [...], ...} after its '{'.
func (r *otlpReader) export(dec *json.Decoder) error {
	return r.object(dec, func(key string) error {
		if key == "resourceSpans" {
			return r.array(dec, r.resourceSpans)
		}
		return skipValue(dec)
	})
}

func (r *otlpReader) resourceSpans(dec *json.Decoder) error {
	if err := expectDelim(dec, '{'); err != nil {
		return err
	}
	service, known := "", false
	var pending []otlpPending // spans seen before the resource named their service
	var sp otlpSpan
	scope := func(dec *json.Decoder) error {
		if err := expectDelim(dec, '{'); err != nil {
			return err
		}
		return r.object(dec, func(key string) error {
			if key != "spans" {
				return skipValue(dec)
			}
			return r.array(dec, func(dec *json.Decoder) error {
				off := int(dec.InputOffset())
				sp = otlpSpan{} // decoding into a used struct would keep absent fields
				if err := dec.Decode(&sp); err != nil {
					return err
				}
				if *r.spanBudget--; *r.spanBudget < 0 {
					return errOverSpans
				}
				switch p, ok := r.convert(&sp, off); {
				case !ok:
				case known:
					r.add(p, service)
				default:
					pending = append(pending, p)
				}
				return nil
			})
		})
	}
	err := r.object(dec, func(key string) error {
		switch key {
		case "resource":
			var res struct {
				Attributes []otlpKV `json:"attributes"`
			}
			if err := dec.Decode(&res); err != nil {
				return err
			}
			for _, kv := range res.Attributes {
				if kv.Key == "service.name" {
					service = kv.Value.String()
				}
			}
			known = true
			return nil
		case "scopeSpans", "instrumentationLibrarySpans":
			return r.array(dec, scope)
		}
		return skipValue(dec)
	})
	if err != nil {
		return err
	}
	for _, p := range pending {
		r.add(p, service)
	}
	return nil
}

// object calls field for each key of the object whose '{' was read, with
// the decoder positioned at the key's value, then reads the '}'.
func (r *otlpReader) object(dec *json.Decoder, field func(key string) error) error {
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, ok := tok.(string)
		if !ok {
			return &errOTLPShape{"want a field name"}
		}
		if err := field(key); err != nil {
			return err
		}
	}
	_, err := dec.Token() // '}'
	return err
}

// array calls each for every element of the array at the decoder; null
// counts as an empty array.
func (r *otlpReader) array(dec *json.Decoder, each func(*json.Decoder) error) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok == nil {
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return &errOTLPShape{fmt.Sprintf("want an array, got %v", tok)}
	}
	for dec.More() {
		if err := each(dec); err != nil {
			return err
		}
	}
	_, err = dec.Token() // ']'
	return err
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return &errOTLPShape{fmt.Sprintf("want %q, got %v", string(want), tok)}
	}
	return nil
}

// skipValue reads past one value of any kind.
func skipValue(dec *json.Decoder) error {
	var skip json.RawMessage
	return dec.Decode(&skip)
}
