package models_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"docket/models"
)

// FuzzParseQuickAdd parses any line on any day from 1900 to 9999 and holds
// the result to the rules quick add promises: it never panics and always
// parses a line the same way; tokens are where they say, whole words, and
// set what the result says; the title loses no word that is not inside a
// token; and keeping any tokens turns exactly those back into text.
func FuzzParseQuickAdd(f *testing.F) {
	first := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	days := uint32((time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC).Unix() - first.Unix()) / 86400)
	june := uint32((time.Date(2026, 6, 10, 0, 0, 0, 0, time.UTC).Unix() - first.Unix()) / 86400)
	for _, s := range []string{
		`"The 5th Wave" tomorrow`, "check money", "monitor the build", "buy paprika",
		"Call mom tomorrow p1 #Family @phone", "Plan friday party tomorrow", "by next fri",
		`Draft #"two words" @"on the go" in 3 weeks`, "Dentist 29 feb", "dec 12 2027 P4",
		`Read "The 5th Wave tomorrow`, "“Wave” on 2026-12-12", "tomorrow", `@"" #"" ""`,
		"Call  mom\ttomorrow\u00a0p2", "@a @A @b", "next wee\u212a", "\xff tomorrow \x00",
	} {
		f.Add(s, june, uint16(0))
		f.Add(s, days-1, uint16(0xffff))
		f.Add(s, june+3, uint16(1))
	}
	f.Fuzz(func(t *testing.T, input string, day uint32, keepMask uint16) {
		today := models.DateOf(first).AddDays(int(day % days))
		q := models.ParseQuickAdd(input, today, quickLists, nil)
		if again := models.ParseQuickAdd(input, today, quickLists, nil); !reflect.DeepEqual(q, again) {
			t.Fatalf("two parses of %q differ:\n%s", input, cmp.Diff(q, again, cmp.Comparer(sameDate)))
		}
		checkQuickAdd(t, input, q)

		var keep []string
		for i, tok := range q.Tokens {
			if keepMask>>(i%16)&1 == 1 {
				keep = append(keep, tok.Key)
			}
		}
		k := models.ParseQuickAdd(input, today, quickLists, keep)
		checkQuickAdd(t, input, k)
		if !slices.Equal(k.Kept, keep) {
			t.Errorf("keep %q of %q: Kept = %q", keep, input, k.Kept)
		}
		for _, tok := range k.Tokens {
			if slices.Contains(keep, tok.Key) {
				t.Errorf("keep %q of %q: %q is still a token", keep, input, tok.Key)
			}
		}
	})
}

func sameDate(a, b models.Date) bool { return a == b }

// checkQuickAdd holds q, parsed from input, to what ParseQuickAdd promises.
func checkQuickAdd(t *testing.T, input string, q models.QuickAdd) {
	t.Helper()
	if len(input) > models.MaxQuickAddLen || !utf8.ValidString(input) {
		if q.Title != strings.TrimSpace(input) || len(q.Tokens) != 0 {
			t.Fatalf("%q parsed to %+v, want it all as the title", input, summarize(q))
		}
		return
	}
	checkTokenPlaces(t, input, q)
	want := quickResult{Title: q.Title, Kept: q.Kept}
	blanked := []byte(input)
	end := 0
	for _, tok := range q.Tokens {
		if tok.Start < end || !wordEdge(input, tok.Start, -1) || !wordEdge(input, tok.End, 1) {
			t.Errorf("token %q at %d:%d overlaps the one before or is part of a word in %q", tok.Text, tok.Start, tok.End, input)
		}
		end = tok.End
		for i := tok.Start; i < tok.End; i++ {
			blanked[i] = ' '
		}
		switch tok.Kind {
		case models.QuickDue:
			if want.Due != "" || models.ValidateTime(tok.Due.Time()) != nil {
				t.Errorf("second or invalid due date %q in %q", tok.Text, input)
			}
			want.Due = tok.Due.String()
		case models.QuickPriority:
			if want.Priority != models.PriorityNone || tok.Priority < models.PriorityLow || tok.Priority > models.PriorityUrgent {
				t.Errorf("second or invalid priority %q in %q", tok.Text, input)
			}
			want.Priority = tok.Priority
		case models.QuickList:
			if want.List != "" || !slices.Contains(quickLists, tok.Name) {
				t.Errorf("second or unknown list %q in %q", tok.Text, input)
			}
			want.List = tok.Name
		case models.QuickLabel:
			if models.ValidateLabelName(tok.Name) != nil {
				t.Errorf("invalid label %q in %q", tok.Text, input)
			}
			if !slices.ContainsFunc(want.Labels, func(l string) bool { return strings.EqualFold(l, tok.Name) }) {
				want.Labels = append(want.Labels, tok.Name)
			}
		default:
			t.Errorf("token %q of kind %v", tok.Text, tok.Kind)
		}
		want.Tokens = append(want.Tokens, tok.Kind.String()+" "+tok.Text)
	}
	if got := summarize(q); !reflect.DeepEqual(want, got) || len(q.Labels) > models.MaxLabelsPerTask {
		t.Errorf("%q: the fields do not match the tokens (-tokens +fields):\n%s", input, cmp.Diff(want, got))
	}
	if got, want := strings.Fields(unquote(q.Title)), strings.Fields(unquote(string(blanked))); !slices.Equal(got, want) {
		t.Errorf("%q: title %q has words %q, want the words outside tokens %q", input, q.Title, got, want)
	}
	if len(q.Tokens) > 0 && q.Title == "" {
		t.Errorf("%q: tokens and no title", input)
	}
}

// wordEdge reports whether a word ends at i in s: at an end of s, or next
// to white space on the side dir (-1 before i, 1 at i).
func wordEdge(s string, i, dir int) bool {
	if dir < 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:i])
		return i == 0 || unicode.IsSpace(r)
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return i == len(s) || unicode.IsSpace(r)
}

// unquote drops every quote mark quick add may remove.
func unquote(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '"' || r == '“' || r == '”' {
			return -1
		}
		return r
	}, s)
}
