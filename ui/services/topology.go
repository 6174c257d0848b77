package services

import (
	"firedrill/game"
	"firedrill/ui/panekit"
)

// node is one row of the topology tree.
type node struct {
	service string
	guide   string // "│  ├─ "
	repeat  bool   // already drawn above under another caller
	cycle   bool   // calls back into its own ancestors
}

// buildTree lays the call graph out as a tree: roots are the services
// nobody calls, in declaration order; a service with several callers
// appears under each, drawn in full the first time and marked as a repeat
// after; a call back into an ancestor is marked as a cycle and not
// followed. Services only reachable through a cycle become roots too, so
// every service is on screen.
func buildTree(services []game.Service) []node {
	calls := map[string][]string{}
	called := map[string]bool{}
	for _, s := range services {
		calls[s.Name] = s.Calls
		for _, c := range s.Calls {
			called[c] = true
		}
	}
	var rows []node
	drawn := map[string]bool{}
	onPath := map[string]bool{}
	var walk func(name, prefix string, last, top bool)
	walk = func(name, prefix string, last, top bool) {
		guide, childPrefix := "", ""
		if !top {
			guide, childPrefix = panekit.TreeGuide(prefix, last)
		}
		n := node{service: name, guide: guide, repeat: drawn[name], cycle: onPath[name]}
		rows = append(rows, n)
		if n.repeat || n.cycle {
			return
		}
		drawn[name], onPath[name] = true, true
		kids := calls[name]
		for i, c := range kids {
			walk(c, childPrefix, i == len(kids)-1, false)
		}
		onPath[name] = false
	}
	for _, s := range services {
		if !called[s.Name] {
			walk(s.Name, "", true, true)
		}
	}
	for _, s := range services {
		if !drawn[s.Name] {
			walk(s.Name, "", true, true)
		}
	}
	return rows
}

// callers lists, in declaration order, the services that call name.
func callers(services []game.Service, name string) []string {
	var out []string
	for _, s := range services {
		for _, c := range s.Calls {
			if c == name {
				out = append(out, s.Name)
				break
			}
		}
	}
	return out
}
