package uitest

import (
	"bytes"
	"fmt"
	"reflect"
	"runtime"
	"strconv"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
)

// Timeout bounds how long Run waits for one command that is working (not
// waiting on a clock). It is the one timeout of the UI's tests: generous,
// because a scenario generation under the race detector on a loaded
// machine takes seconds, and reached only when a command hangs.
const Timeout = 2 * time.Minute

// timerFrames are the stack frames of a command waiting on a clock: a
// tea.Tick or tea.Every (the game clock, the autosave timer, a spinner),
// a text cursor's blink, a sleep. Tests move time by hand, so Run leaves
// such a command behind as soon as it is seen waiting, instead of
// guessing with a short timeout that a loaded machine can overrun.
var timerFrames = [][]byte{
	[]byte("charm.land/bubbletea/v2.Tick.func"),
	[]byte("charm.land/bubbletea/v2.Every.func"),
	[]byte("charm.land/bubbles/v2/cursor.(*Model).Blink.func"),
	[]byte("\ntime.Sleep("),
}

// Run runs cmd and returns the messages it yields, in order: a tea.Batch's
// commands run concurrently, a tea.Sequence's one after another, and their
// messages are listed in the order of the commands. nil messages are
// dropped, and so is every command that waits on a clock (see
// timerFrames). A command still working after Timeout panics the test.
func Run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg, ok := await(cmd)
	if !ok || msg == nil {
		return nil
	}
	if batch, ok := msg.(tea.BatchMsg); ok {
		outs := make([][]tea.Msg, len(batch))
		var wg sync.WaitGroup
		for i, c := range batch {
			wg.Go(func() { outs[i] = Run(c) })
		}
		wg.Wait()
		var out []tea.Msg
		for _, o := range outs {
			out = append(out, o...)
		}
		return out
	}
	if seq, ok := sequence(msg); ok {
		var out []tea.Msg
		for _, c := range seq {
			out = append(out, Run(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// sequence is the commands of a tea.Sequence. Its message type is
// unexported; like tea.BatchMsg it is a []tea.Cmd.
func sequence(msg tea.Msg) ([]tea.Cmd, bool) {
	v := reflect.ValueOf(msg)
	if v.Kind() != reflect.Slice || v.Type().Elem() != reflect.TypeFor[tea.Cmd]() {
		return nil, false
	}
	return v.Convert(reflect.TypeFor[[]tea.Cmd]()).Interface().([]tea.Cmd), true
}

// await runs cmd on its own goroutine and waits for its message; ok is
// false when the goroutine is found waiting on a clock.
func await(cmd tea.Cmd) (tea.Msg, bool) {
	done := make(chan tea.Msg, 1)
	id := make(chan string, 1)
	go func() {
		id <- goroutineID()
		done <- cmd()
	}()
	self := <-id
	deadline := time.Now().Add(Timeout)
	poll := time.Millisecond
	for {
		select {
		case msg := <-done:
			return msg, true
		case <-time.After(poll):
		}
		if waitsOnClock(self) {
			return nil, false
		}
		if time.Now().After(deadline) {
			panic(fmt.Sprintf("uitest.Run: a command has not answered in %v", Timeout))
		}
		poll = min(2*poll, 20*time.Millisecond)
	}
}

// goroutineID is the calling goroutine's number, from its stack header
// ("goroutine 42 [running]:").
func goroutineID() string {
	var buf [64]byte
	header := buf[:runtime.Stack(buf[:], false)]
	header = bytes.TrimPrefix(header, []byte("goroutine "))
	if i := bytes.IndexByte(header, ' '); i > 0 {
		header = header[:i]
	}
	if _, err := strconv.Atoi(string(header)); err != nil {
		panic("uitest: cannot read the goroutine id from " + strconv.Quote(string(buf[:])))
	}
	return string(header)
}

// waitsOnClock reports whether goroutine id is blocked in a timer frame.
func waitsOnClock(id string) bool {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	start := bytes.Index(buf, []byte("goroutine "+id+" ["))
	if start < 0 {
		return false // it has just finished: its message is on the way
	}
	stack := buf[start:]
	if end := bytes.Index(stack, []byte("\n\n")); end >= 0 {
		stack = stack[:end]
	}
	for _, f := range timerFrames {
		if bytes.Contains(stack, f) {
			return true
		}
	}
	return false
}
