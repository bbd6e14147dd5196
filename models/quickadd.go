package models

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Quick add reads one line as people type it ("Call mom tomorrow p1
// #Family @phone") into a title and the fields it sets. It must never take
// a word that was meant as text, so it is strict: only whole words between
// white space parse (a word with punctuation attached, such as "tomorrow,",
// stays text), matching is ASCII-only and case-insensitive, quoted text is
// always literal, and everything it takes is shown as a token that the
// user can turn back into text.
//
// What it understands (dates in quickadd_date.go):
//   - a due date: "today", "tomorrow", a weekday ("friday": the next one
//     after today, so a week ahead on a Friday), "next friday" (the same
//     day; "next fri" too), "next week" (the Monday after today), "in 3
//     days", "in 2 weeks", "12 dec", "dec 12", "12 december 2027",
//     "2026-12-12"; a leading "on" or "by" goes with the date ("by friday").
//     Three-letter weekdays count only after "next", "on" or "by" ("sun",
//     "sat" and "wed" are words). A day and month without a year mean the
//     next such day from today on. Dates that do not exist ("31 feb",
//     "2026-02-30") or fall outside 1900–9999 stay text;
//   - a priority: "p1" urgent, "p2" high, "p3" medium, "p4" low;
//   - a list: "#Family", or "#\"Two words\"" for names with spaces, when the
//     user has a list of that name in any case; "#482" stays text;
//   - labels: "@phone", "@\"two words\"", names that ValidateLabelName
//     accepts, at most MaxLabelsPerTask different ones (the rest stay text).
//
// A task has one due date, one priority and one list, so where several are
// typed the last one counts and the others stay text ("Plan friday party
// tomorrow" is due tomorrow). "Quoted text" is kept as typed, without its
// quote marks (straight or curly); a quote mark that is never closed keeps
// the rest of the line as typed, marks included. Cutting a token joins the
// text on either side with one space. When cutting would leave no title
// ("tomorrow" alone), nothing is taken and the whole line is the title,
// so what Enter saves is always what the tokens say.

// MaxQuickAddLen bounds, in bytes, the input ParseQuickAdd parses. Longer
// input is not parsed: it is all title, and as a title it is too long
// (MaxTitleLen characters never take more than this), so the form says so.
// Input that is not UTF-8 is not parsed either (ValidateTitle refuses it
// the same way): cutting quote marks out of it could join bytes into a
// character nobody typed.
const MaxQuickAddLen = 4 * MaxTitleLen

// QuickKind is what a quick-add token sets.
type QuickKind int

// The kinds of token.
const (
	QuickDue QuickKind = iota + 1
	QuickPriority
	QuickList
	QuickLabel
)

var quickKindNames = [...]string{"", "due", "priority", "list", "label"}

// String is the kind's name: "due", "priority", "list" or "label".
func (k QuickKind) String() string {
	if k < QuickDue || k > QuickLabel {
		return "QuickKind(" + strconv.Itoa(int(k)) + ")"
	}
	return quickKindNames[k]
}

// QuickToken is one thing quick add understood. Its chip reads, by kind:
// components.DueLabel(Due, today) ("Tomorrow"), the text in capitals
// ("P1"), "#" + Name ("#Family"), "@" + Name ("@phone").
type QuickToken struct {
	Kind QuickKind
	// Text is the token as typed, Start and End its byte offsets in the
	// input: input[Start:End] == Text.
	Text       string
	Start, End int
	Due        Date     // for QuickDue
	Priority   Priority // for QuickPriority
	// Name is, for QuickList, the list's name as the user has it; for
	// QuickLabel, the label's name as typed, without the "@" and quotes.
	Name string
	// Key names the token for ParseQuickAdd's keep: "N:TEXT", the Nth
	// place in the input (from 1) where TEXT could be a token. It holds
	// while the user types elsewhere in the line, and means the same on
	// every parse of the same input.
	Key string
}

// QuickAdd is what quick add understood in what was typed.
type QuickAdd struct {
	// Title is the input without its tokens, quote marks removed, trimmed.
	Title    string
	Due      Date     // zero without a date token
	Priority Priority // PriorityNone without a priority token
	List     string   // the list's name as the user has it, "" for none
	// Labels are the label names as typed, in order, each once (in any case).
	Labels []string
	// Tokens are the tokens taken from the input, in order.
	Tokens []QuickToken
	// Kept are the keys of keep that name a place in this input, in order:
	// what the form should send back with the next parse.
	Kept []string
}

// ParseQuickAdd reads a quick-add line. today is the user's today; lists
// are the names of the lists a task may move to; keep holds the Keys of
// tokens the user turned back into text, which then stay in the title as
// typed, as if quoted (a key that names nothing is ignored). It reads no
// database: the same arguments always give the same result.
func ParseQuickAdd(input string, today Date, lists, keep []string) QuickAdd {
	if len(input) > MaxQuickAddLen || !utf8.ValidString(input) {
		return QuickAdd{Title: strings.TrimSpace(input)}
	}
	words := lexQuickAdd(input)
	p := quickParser{input: input, words: words, today: today, lists: lists}
	cands := p.candidates()
	var q QuickAdd
	kept := make(map[string]bool, len(keep))
	for _, k := range keep {
		kept[k] = true
	}
	seen := map[string]int{}
	for i := range cands {
		c := &cands[i]
		seen[c.Text]++
		c.Key = strconv.Itoa(seen[c.Text]) + ":" + c.Text
		if kept[c.Key] {
			q.Kept = append(q.Kept, c.Key)
			c.Kind = 0
		}
	}
	cut := make([]bool, len(words))
	q.Tokens = quickResolve(cands, words, cut, &q)
	q.Title = quickTitle(input, words, cut)
	if q.Title == "" && len(q.Tokens) > 0 {
		q = QuickAdd{Title: quickTitle(input, words, make([]bool, len(words))), Kept: q.Kept}
	}
	return q
}

// quickResolve picks the tokens among the candidates: the last due date,
// priority and list, and every label up to the limit. It marks their words
// in cut and fills q's fields.
func quickResolve(cands []quickCandidate, words []quickWord, cut []bool, q *QuickAdd) []QuickToken {
	var last [QuickLabel + 1]int
	for i, c := range cands {
		last[c.Kind] = i
	}
	var tokens []QuickToken
	labelKeys := map[string]bool{}
	for i, c := range cands {
		switch c.Kind {
		case QuickDue, QuickPriority, QuickList:
			if last[c.Kind] != i {
				continue
			}
			switch c.Kind {
			case QuickDue:
				q.Due = c.Due
			case QuickPriority:
				q.Priority = c.Priority
			default:
				q.List = c.Name
			}
		case QuickLabel:
			key := NameKey(c.Name)
			if !labelKeys[key] {
				if len(q.Labels) == MaxLabelsPerTask {
					continue
				}
				labelKeys[key] = true
				q.Labels = append(q.Labels, c.Name)
			}
		default:
			continue
		}
		for w := c.first; w <= c.last; w++ {
			cut[w] = true
		}
		tokens = append(tokens, c.QuickToken)
	}
	return tokens
}

// quickTitle joins the words not cut, each as it reads in the title, with
// the white space typed between them, or one space where a cut was.
func quickTitle(input string, words []quickWord, cut []bool) string {
	var b strings.Builder
	emitted, joinCut, lastEnd := false, false, 0
	for i, w := range words {
		if cut[i] || w.text == "" {
			joinCut = true
			continue
		}
		if emitted {
			if joinCut {
				b.WriteByte(' ')
			} else {
				b.WriteString(input[lastEnd:w.start])
			}
		}
		b.WriteString(w.text)
		emitted, joinCut, lastEnd = true, false, w.end
	}
	return strings.TrimSpace(b.String())
}
