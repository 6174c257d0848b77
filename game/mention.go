package game

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Free text (evidence lines, hypotheses, choices) names a service, a
// metric, an event or a trace only as a whole word, case-insensitively.
// Word characters are letters, digits, '_' and '-': the characters of the
// names themselves. So a service named "order-events" is not named by
// "order-events-dlq", nor "api" by "api_gateway" or "api-gateway", nor
// "cache" by "cache_hit_ratio"; "api-gateway's", "(cache)", "“cache”" and
// "cache." name theirs. The debrief's jumps into the signals and the
// coaching both read text by this one rule.

// Mentions reports whether text names name as a whole word.
func Mentions(text, name string) bool {
	return MentionIndex(strings.ToLower(text), strings.ToLower(name), 0) >= 0
}

// MentionIndex is the byte offset of the first whole-word occurrence of
// name in text at or after from, or -1 (always -1 for an empty name). It
// compares bytes as they are: lower-case both for a case-insensitive
// match.
func MentionIndex(text, name string, from int) int {
	if name == "" {
		return -1
	}
	for from <= len(text)-len(name) {
		i := strings.Index(text[from:], name)
		if i < 0 {
			return -1
		}
		i += from
		end := i + len(name)
		before, _ := utf8.DecodeLastRuneInString(text[:i])
		after, _ := utf8.DecodeRuneInString(text[end:])
		if (i == 0 || !isWordRune(before)) && (end == len(text) || !isWordRune(after)) {
			return i
		}
		from = i + 1
	}
	return -1
}

func isWordRune(r rune) bool {
	return r == '_' || r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r)
}
