package models

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// How quick add splits a line into words and finds the candidate tokens
// among them; see quickadd.go for the rules.

// quickWord is a run of the input between white space, or a quoted phrase
// with whatever is attached to it.
type quickWord struct {
	start, end int
	// text is what the word puts in the title: as typed, less a pair of
	// quote marks.
	text string
	// quoted words are never token words; but a word that is all #"…" or
	// @"…" may name a list or label, named.
	quoted bool
	named  string
	isName bool
}

// lexQuickAdd splits s into words.
func lexQuickAdd(s string) []quickWord {
	var words []quickWord
	for i := skipSpace(s, 0); i < len(s); i = skipSpace(s, i) {
		w := quickWord{start: i}
		q := i
		if s[i] == '#' || s[i] == '@' {
			q++
		}
		if n := quoteOpen(s, q); n > 0 {
			closeAt, m := quoteClose(s, q+n)
			if closeAt < 0 {
				end := len(strings.TrimRightFunc(s, unicode.IsSpace))
				return append(words, quickWord{start: i, end: end, text: s[i:end], quoted: true})
			}
			w.end = wordEnd(s, closeAt+m)
			w.text = s[i:q] + s[q+n:closeAt] + s[closeAt+m:w.end]
			w.quoted = true
			w.isName = q > i && w.end == closeAt+m
			w.named = s[q+n : closeAt]
		} else {
			w.end = wordEnd(s, i)
			w.text = s[i:w.end]
		}
		words = append(words, w)
		i = w.end
	}
	return words
}

func skipSpace(s string, i int) int {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += n
	}
	return i
}

func wordEnd(s string, i int) int {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			break
		}
		i += n
	}
	return i
}

// quoteOpen returns the length of the opening quote mark at s[i:], or 0:
// a straight quote, or the curly one phones type for it.
func quoteOpen(s string, i int) int {
	switch {
	case strings.HasPrefix(s[i:], `"`):
		return 1
	case strings.HasPrefix(s[i:], "“"):
		return len("“")
	}
	return 0
}

// quoteClose finds the first closing quote mark at or after i: its offset
// and length, or -1.
func quoteClose(s string, i int) (int, int) {
	j := strings.IndexAny(s[i:], `"”`)
	if j < 0 {
		return -1, 0
	}
	_, n := utf8.DecodeRuneInString(s[i+j:])
	return i + j, n
}

// quickCandidate is a place in the input that could be a token; Kind 0
// once the user keeps it as text.
type quickCandidate struct {
	QuickToken
	first, last int // its words
}

// quickParser finds the candidates in a line's words.
type quickParser struct {
	input string
	words []quickWord
	today Date
	lists []string
	lower []string // each word in ASCII lower case, "" for quoted words
	// listKeys finds a list by nameKey, made on the first "#".
	listKeys map[string]string
}

// word returns word i in lower case, or "" past the end or for a quoted
// word, so that no phrase runs across a quote.
func (p *quickParser) word(i int) string {
	if i >= len(p.lower) {
		return ""
	}
	return p.lower[i]
}

// candidates scans the words from the left, taking the longest candidate
// that starts at each word.
func (p *quickParser) candidates() []quickCandidate {
	p.lower = make([]string, len(p.words))
	for i, w := range p.words {
		if !w.quoted {
			p.lower[i] = asciiLower(w.text) // only A to Z: no other letter folds into a keyword
		}
	}
	var cands []quickCandidate
	for i := 0; i < len(p.words); {
		c, ok := p.candidate(i)
		if !ok {
			i++
			continue
		}
		c.Start, c.End = p.words[c.first].start, p.words[c.last].end
		c.Text = p.input[c.Start:c.End]
		cands = append(cands, c)
		i = c.last + 1
	}
	return cands
}

func (p *quickParser) candidate(i int) (quickCandidate, bool) {
	c := quickCandidate{first: i, last: i}
	w := p.words[i]
	if w.quoted {
		if !w.isName {
			return c, false
		}
		return p.named(c, p.input[w.start], NormalizeName(w.named))
	}
	if n, due, ok := p.date(i); ok {
		c.Kind, c.Due, c.last = QuickDue, due, i+n-1
		return c, true
	}
	if prio, ok := quickPriority(w.text); ok {
		c.Kind, c.Priority = QuickPriority, prio
		return c, true
	}
	if len(w.text) > 1 && (w.text[0] == '#' || w.text[0] == '@') {
		return p.named(c, w.text[0], w.text[1:])
	}
	return c, false
}

// named makes a list (sigil '#') or label ('@') candidate of name, if the
// user has such a list, or it is a label name as typed.
func (p *quickParser) named(c quickCandidate, sigil byte, name string) (quickCandidate, bool) {
	if sigil == '#' {
		if p.listKeys == nil {
			p.listKeys = make(map[string]string, len(p.lists))
			for _, l := range slices.Backward(p.lists) {
				p.listKeys[NameKey(l)] = l
			}
		}
		l, ok := p.listKeys[NameKey(name)]
		if ok {
			c.Kind, c.Name = QuickList, l
		}
		return c, ok
	}
	if name != NormalizeLabelName(name) || ValidateLabelName(name) != nil {
		return c, false
	}
	c.Kind, c.Name = QuickLabel, name
	return c, true
}

// quickPriority reads "p1" to "p4" in either case.
func quickPriority(w string) (Priority, bool) {
	if len(w) != 2 || (w[0] != 'p' && w[0] != 'P') || w[1] < '1' || w[1] > '4' {
		return PriorityNone, false
	}
	return PriorityUrgent - Priority(w[1]-'1'), true
}
