package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"

	"firedrill/game/play"
)

// Interview mode grades nothing: at the submit (or when time runs out) the
// session becomes result.json (play.NewInterviewResult) for the
// interviewer's `firedrill grade`, and the last screen says where it is.

// resultWrittenMsg is the outcome of writing the result file.
type resultWrittenMsg struct {
	path string
	err  error
}

// writeResultCmd builds the result now (in Update) and writes it in a
// command. The first write picks a free name (result.json, result-1.json …:
// never someone else's file); later ones (a pick after time's up) replace
// that same file.
func (m Model) writeResultCmd() tea.Cmd {
	res, err := play.NewInterviewResult(m.sess, m.opts.Version)
	if err != nil {
		return func() tea.Msg { return resultWrittenMsg{err: err} }
	}
	want, own := m.opts.ResultPath, m.end.result
	if want == "" {
		want = "result.json"
	}
	return func() tea.Msg {
		path := own
		if path == "" {
			var err error
			if path, err = freePath(want); err != nil {
				return resultWrittenMsg{err: err}
			}
		}
		if abs, err := filepath.Abs(path); err == nil {
			path = abs
		}
		return resultWrittenMsg{path: path, err: play.WriteResult(path, res)}
	}
}

func (m Model) onResultWritten(msg resultWrittenMsg) (Model, tea.Cmd) {
	if msg.err != nil {
		m.end.err = msg.err
		m.status = "could not write the result file: " + msg.err.Error()
		return m, nil
	}
	m.end.result = msg.path
	if m.screen == screenInvestigation {
		m.status = "time's up: a result without a pick is saved in " + msg.path + "; pick now to replace it"
	}
	// The session says where its result went, at once: a second run of a
	// handed-in interview points there instead of starting again.
	m.sess.ResultPath = msg.path
	if !m.persistent() {
		return m, nil
	}
	return m, m.writeCmd()
}

// freePath is path if nothing is there, else the first free name-N.ext.
func freePath(path string) (string, error) {
	ext := filepath.Ext(path)
	stem := strings.TrimSuffix(path, ext)
	for i := 0; i < 1000; i++ {
		p := path
		if i > 0 {
			p = fmt.Sprintf("%s-%d%s", stem, i, ext)
		}
		if _, err := os.Lstat(p); errors.Is(err, fs.ErrNotExist) {
			return p, nil
		} else if err != nil {
			return "", err
		}
	}
	return "", fmt.Errorf("%s: no free name (tried -1 … -999)", path)
}
