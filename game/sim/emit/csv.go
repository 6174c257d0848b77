package emit

import (
	"encoding/csv"
	"io"
	"time"

	"firedrill/game"
)

// Metrics writes series as CSV (time,service,name,value,unit), one series
// after another as a Prometheus range export lists them, one row per
// sample slot; a missed scrape is an empty value. value prints a sample
// (nil: the shortest decimal that reads back the same).
func Metrics(w io.Writer, series []*game.Series, value ValueFormat) error {
	c := csv.NewWriter(w)
	_ = c.Write([]string{"time", "service", "name", "value", "unit"}) // errors surface in c.Error
	for _, sr := range series {
		for i := 0; i < sr.Len(); i++ {
			text := ""
			if v, ok := sr.At(i); ok {
				text = shortest(v)
				if value != nil {
					text = value(sr, v)
				}
			}
			_ = c.Write([]string{sr.TimeAt(i).Format(time.RFC3339), sr.Service, sr.Name, text, sr.Unit})
		}
	}
	c.Flush()
	return c.Error()
}
