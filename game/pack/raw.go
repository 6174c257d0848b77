package pack

// The raw types mirror the YAML exactly (docs/PACK_FORMAT.md) and are decoded
// with KnownFields(true), so an unknown field is an error, not a silent
// drop. Times stay strings here: "+12m" and RFC 3339 are resolved after
// decoding, against the scenario's start.

type rawPack struct {
	Format      string   `yaml:"format"`
	ID          string   `yaml:"id"`
	Title       string   `yaml:"title"`
	Version     string   `yaml:"version"`
	Author      string   `yaml:"author"`
	Description string   `yaml:"description"`
	Scenarios   []string `yaml:"scenarios"`
}

type rawScenario struct {
	Format        string       `yaml:"format"`
	ID            string       `yaml:"id"`
	Title         string       `yaml:"title"`
	Difficulty    int          `yaml:"difficulty"`
	TimeLimit     string       `yaml:"time_limit"`
	Tags          []string     `yaml:"tags"`
	Start         string       `yaml:"start"`
	Duration      string       `yaml:"duration"`
	Briefing      string       `yaml:"briefing"`
	TracesSampled *float64     `yaml:"traces_sampled"`
	Hints         []string     `yaml:"hints"`
	Services      []rawService `yaml:"services"`
	Events        []rawEvent   `yaml:"events"`
	Logs          []rawLog     `yaml:"logs"`
	Metrics       []rawMetric  `yaml:"metrics"`
	Traces        []rawTrace   `yaml:"traces"`
	Choices       []rawChoice  `yaml:"choices"`
	Answer        *rawAnswer   `yaml:"answer"`
}

type rawService struct {
	Name    string   `yaml:"name"`
	Aliases []string `yaml:"aliases"`
	Calls   []string `yaml:"calls"`
}

// rawEvent is either one change event or an include of many.
type rawEvent struct {
	At             string `yaml:"at"`
	ID             string `yaml:"id"`
	Kind           string `yaml:"kind"`
	Service        string `yaml:"service"`
	Text           string `yaml:"text"`
	Include        string `yaml:"include"`
	Format         string `yaml:"format"`
	rawIncludeOpts `yaml:",inline"`
}

// rawLog is either one inline line or an include of many.
type rawLog struct {
	At      string            `yaml:"at"`
	Service string            `yaml:"service"`
	Level   string            `yaml:"level"`
	Msg     string            `yaml:"msg"`
	Trace   string            `yaml:"trace"`
	Attrs   map[string]string `yaml:"attrs"`
	Include string            `yaml:"include"`
	Format  string            `yaml:"format"`

	rawIncludeOpts `yaml:",inline"`
}

type rawMetric struct {
	Name    string     `yaml:"name"`
	Service string     `yaml:"service"`
	Unit    string     `yaml:"unit"`
	Step    string     `yaml:"step"`
	From    string     `yaml:"from"`
	Values  []*float64 `yaml:"values"`
	Include string     `yaml:"include"`
	Format  string     `yaml:"format"`

	rawIncludeOpts `yaml:",inline"`
}

type rawTrace struct {
	ID      string    `yaml:"id"`
	Spans   []rawSpan `yaml:"spans"`
	Include string    `yaml:"include"`
	Format  string    `yaml:"format"`

	rawIncludeOpts `yaml:",inline"`
}

type rawSpan struct {
	ID      string            `yaml:"id"`
	Parent  string            `yaml:"parent"`
	Service string            `yaml:"service"`
	Name    string            `yaml:"name"`
	At      string            `yaml:"at"`
	Dur     string            `yaml:"dur"`
	Status  string            `yaml:"status"`
	Attrs   map[string]string `yaml:"attrs"`
}

type rawChoice struct {
	ID   string `yaml:"id"`
	Text string `yaml:"text"`
}

type rawAnswer struct {
	Choice      string            `yaml:"choice"`
	Onset       string            `yaml:"onset"`
	Chain       []string          `yaml:"chain"`
	Evidence    []string          `yaml:"evidence"`
	Wrong       map[string]string `yaml:"wrong"`
	RedHerrings []string          `yaml:"red_herrings"`
	Debrief     string            `yaml:"debrief"`
	Proof       []rawProof        `yaml:"proof"`
}

// rawProof is one answer.proof item: a chain step and one selector.
type rawProof struct {
	Step   int             `yaml:"step"`
	Event  string          `yaml:"event"`
	Log    *rawLogSelector `yaml:"log"`
	Metric *rawMetricSel   `yaml:"metric"`
	Span   *rawSpanSel     `yaml:"span"`
}

type rawLogSelector struct {
	Service  string `yaml:"service"`
	Contains string `yaml:"contains"`
	Regex    string `yaml:"regex"`
	From     string `yaml:"from"`
	To       string `yaml:"to"`
}

type rawMetricSel struct {
	Service string `yaml:"service"`
	Name    string `yaml:"name"`
	From    string `yaml:"from"`
	To      string `yaml:"to"`
}

type rawSpanSel struct {
	Service string `yaml:"service"`
	Name    string `yaml:"name"`
	Status  string `yaml:"status"`
	From    string `yaml:"from"`
	To      string `yaml:"to"`
}
