package panekit

import "unicode/utf8"

// MaxGuideDepth is how many levels of tree guides ("│  ") a row draws at
// most; deeper rows keep the guides of that level. A pack may nest a call
// chain or a span chain thousands deep, and guides that grow three cells
// a level would cost the square of the depth in memory before a row is
// drawn, all of it wider than any terminal.
const MaxGuideDepth = 32

// TreeGuide is the guide of a tree row under prefix (the guides of its
// ancestors) and the prefix its own children continue from: "├─ " and
// "│  ", or "└─ " and "   " for the last child.
func TreeGuide(prefix string, last bool) (guide, childPrefix string) {
	branch, cont := "├─ ", "│  "
	if last {
		branch, cont = "└─ ", "   "
	}
	if utf8.RuneCountInString(prefix) >= 3*MaxGuideDepth {
		return prefix + branch, prefix
	}
	return prefix + branch, prefix + cont
}
