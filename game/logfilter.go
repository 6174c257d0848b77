package game

import "time"

// LogFilter is what narrows the Logs tab: the lowest level shown, the
// services, a time range and a search (highlighted; narrowing only with
// OnlyHits). The session saves it so a resume shows the lines the player
// had narrowed to. The zero value shows every line.
type LogFilter struct {
	MinLevel string    `json:"min_level,omitempty"` // a level name ("WARN": it and above); "" for all
	Services []string  `json:"services,omitempty"`  // sorted; none for every service
	From     time.Time `json:"from,omitzero"`
	To       time.Time `json:"to,omitzero"`
	Search   string    `json:"search,omitempty"`
	OnlyHits bool      `json:"only_hits,omitempty"`
}

// IsZero reports whether the filter narrows nothing.
func (f LogFilter) IsZero() bool {
	return f.MinLevel == "" && len(f.Services) == 0 && f.From.IsZero() && f.To.IsZero() && f.Search == "" && !f.OnlyHits
}
