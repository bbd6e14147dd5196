package models_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"docket/models"
)

// quickToday is a Wednesday.
const quickToday = "2026-06-10"

var quickLists = []string{"Inbox", "Family", "Two words", "Work"}

// quickResult is a QuickAdd as the tables write it: dates as text, tokens
// as "kind text".
type quickResult struct {
	Title    string
	Due      string
	Priority models.Priority
	List     string
	Labels   []string
	Tokens   []string
	Kept     []string
}

func summarize(q models.QuickAdd) quickResult {
	r := quickResult{Title: q.Title, Due: q.Due.String(), Priority: q.Priority, List: q.List, Labels: q.Labels, Kept: q.Kept}
	for _, tok := range q.Tokens {
		r.Tokens = append(r.Tokens, tok.Kind.String()+" "+tok.Text)
	}
	return r
}

type quickCase struct {
	name  string
	input string
	today string // quickToday when empty
	keep  []string
	want  quickResult
}

// text is the result for input that parses to nothing: the input is the
// title as typed.
func text(title string) quickResult { return quickResult{Title: title} }

func due(title, date, token string) quickResult {
	return quickResult{Title: title, Due: date, Tokens: []string{"due " + token}}
}

func runQuickCases(t *testing.T, tests []quickCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			today := tt.today
			if today == "" {
				today = quickToday
			}
			q := models.ParseQuickAdd(tt.input, mustDate(t, today), quickLists, tt.keep)
			if diff := cmp.Diff(tt.want, summarize(q), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("ParseQuickAdd(%q) (-want +got):\n%s", tt.input, diff)
			}
			checkTokenPlaces(t, tt.input, q)
		})
	}
}

// checkTokenPlaces holds every token to its place in the input and its key
// to the documented form.
func checkTokenPlaces(t *testing.T, input string, q models.QuickAdd) {
	t.Helper()
	for _, tok := range q.Tokens {
		if tok.Start < 0 || tok.End > len(input) || tok.Start > tok.End || input[tok.Start:tok.End] != tok.Text {
			t.Errorf("token %q at %d:%d, but the input there is not it", tok.Text, tok.Start, tok.End)
		}
		if _, text, ok := strings.Cut(tok.Key, ":"); !ok || text != tok.Text {
			t.Errorf("token %q has key %q", tok.Text, tok.Key)
		}
	}
}

func TestParseQuickAddIssueExamples(t *testing.T) {
	t.Parallel()
	runQuickCases(t, []quickCase{
		{name: "quoted title", input: `"The 5th Wave" tomorrow`, want: due("The 5th Wave", "2026-06-11", "tomorrow")},
		{name: "mon inside a word", input: "check money", want: text("check money")},
		{name: "mon at the start of a word", input: "monitor the build", want: text("monitor the build")},
		{name: "apr inside a word", input: "buy paprika", want: text("buy paprika")},
		{name: "everything", input: "Call mom tomorrow p1 #Family @phone", want: quickResult{
			Title: "Call mom", Due: "2026-06-11", Priority: models.PriorityUrgent, List: "Family", Labels: []string{"phone"},
			Tokens: []string{"due tomorrow", "priority p1", "list #Family", "label @phone"},
		}},
	})
}

func TestParseQuickAddDates(t *testing.T) {
	t.Parallel()
	runQuickCases(t, []quickCase{
		{name: "today", input: "Pay rent today", want: due("Pay rent", "2026-06-10", "today")},
		{name: "any case", input: "Pay rent TOMORROW", want: due("Pay rent", "2026-06-11", "TOMORROW")},
		{name: "first word", input: "tomorrow call mom", want: due("call mom", "2026-06-11", "tomorrow")},
		{name: "weekday", input: "Call mom friday", want: due("Call mom", "2026-06-12", "friday")},
		{name: "weekday before today's", input: "Call mom Monday", want: due("Call mom", "2026-06-15", "Monday")},
		{name: "today's weekday is a week on", input: "Call mom wednesday", want: due("Call mom", "2026-06-17", "wednesday")},
		{name: "weekday on its own day", input: "Call mom friday", today: "2026-06-12", want: due("Call mom", "2026-06-19", "friday")},
		{name: "next weekday is the next one", input: "Call mom next friday", want: due("Call mom", "2026-06-12", "next friday")},
		{name: "next with a short weekday", input: "Call mom next Fri", want: due("Call mom", "2026-06-12", "next Fri")},
		{name: "next tues", input: "Call mom next tues", want: due("Call mom", "2026-06-16", "next tues")},
		{name: "next thurs", input: "Call mom next thurs", want: due("Call mom", "2026-06-11", "next thurs")},
		{name: "on weekday", input: "Call mom on friday", want: due("Call mom", "2026-06-12", "on friday")},
		{name: "on short weekday", input: "Call mom on sat", want: due("Call mom", "2026-06-13", "on sat")},
		{name: "by weekday", input: "Send report by mon", want: due("Send report", "2026-06-15", "by mon")},
		{name: "by tomorrow", input: "Send report by tomorrow", want: due("Send report", "2026-06-11", "by tomorrow")},
		{name: "by next week", input: "Send report by next week", want: due("Send report", "2026-06-15", "by next week")},
		{name: "on a date", input: "Dentist on 12 dec", want: due("Dentist", "2026-12-12", "on 12 dec")},
		{name: "next week", input: "Plan trip next week", want: due("Plan trip", "2026-06-15", "next week")},
		{name: "next week on a Sunday", input: "Plan trip next week", today: "2026-06-14", want: due("Plan trip", "2026-06-15", "next week")},
		{name: "next week on a Monday", input: "Plan trip next week", today: "2026-06-15", want: due("Plan trip", "2026-06-22", "next week")},
		{name: "in days", input: "Renew passport in 3 days", want: due("Renew passport", "2026-06-13", "in 3 days")},
		{name: "in 1 day", input: "Renew passport in 1 day", want: due("Renew passport", "2026-06-11", "in 1 day")},
		{name: "in weeks", input: "Renew passport in 2 weeks", want: due("Renew passport", "2026-06-24", "in 2 weeks")},
		{name: "in 1 week", input: "in 1 Week renew passport", want: due("renew passport", "2026-06-17", "in 1 Week")},
		{name: "day month", input: "Dentist 12 dec", want: due("Dentist", "2026-12-12", "12 dec")},
		{name: "month day", input: "Dentist dec 12", want: due("Dentist", "2026-12-12", "dec 12")},
		{name: "full month", input: "Dentist 12 December", want: due("Dentist", "2026-12-12", "12 December")},
		{name: "full month first", input: "Dentist December 12", want: due("Dentist", "2026-12-12", "December 12")},
		{name: "sept", input: "Dentist sept 3", want: due("Dentist", "2026-09-03", "sept 3")},
		{name: "leading zero", input: "Dentist 05 jul", want: due("Dentist", "2026-07-05", "05 jul")},
		{name: "with a year", input: "Dentist 12 dec 2027", want: due("Dentist", "2027-12-12", "12 dec 2027")},
		{name: "month day year", input: "Dentist dec 12 2027", want: due("Dentist", "2027-12-12", "dec 12 2027")},
		{name: "a day that has passed is next year's", input: "Dentist 1 jan", want: due("Dentist", "2027-01-01", "1 jan")},
		{name: "today's day is today", input: "Dentist 10 jun", want: due("Dentist", "2026-06-10", "10 jun")},
		{name: "yesterday's day is next year's", input: "Dentist 9 jun", want: due("Dentist", "2027-06-09", "9 jun")},
		{name: "29 feb is the next one", input: "Dentist 29 feb", want: due("Dentist", "2028-02-29", "29 feb")},
		{name: "iso", input: "Dentist 2026-12-12", want: due("Dentist", "2026-12-12", "2026-12-12")},
		{name: "the last date counts", input: "Plan friday party tomorrow", want: due("Plan friday party", "2026-06-11", "tomorrow")},
		{name: "the last of three", input: "today or tomorrow or 12 dec", want: due("today or tomorrow or", "2026-12-12", "12 dec")},
		{name: "newest date in range", input: "Party 9999-12-31", want: due("Party", "9999-12-31", "9999-12-31")},
		{name: "today at the end of time", input: "Party today", today: "9999-12-31", want: due("Party", "9999-12-31", "today")},
	})
}

func TestParseQuickAddNotDates(t *testing.T) {
	t.Parallel()
	runQuickCases(t, []quickCase{
		{name: "bare short weekday sun", input: "Buy sun cream", want: text("Buy sun cream")},
		{name: "bare short weekday sat", input: "Sat down with Ann", want: text("Sat down with Ann")},
		{name: "bare short weekday wed", input: "Get wed in June", want: text("Get wed in June")},
		{name: "punctuation attached", input: "Call mom tomorrow,", want: text("Call mom tomorrow,")},
		{name: "colon attached", input: "Tomorrow: call mom", want: text("Tomorrow: call mom")},
		{name: "plural", input: "Plan tomorrows", want: text("Plan tomorrows")},
		{name: "possessive", input: "Read friday's notes", want: text("Read friday's notes")},
		{name: "inside a word", input: "Return 12dec", want: text("Return 12dec")},
		{name: "ordinal", input: "Read The 5th Wave", want: text("Read The 5th Wave")},
		{name: "31 feb", input: "Dentist 31 feb", want: text("Dentist 31 feb")},
		{name: "30 feb", input: "Dentist feb 30", want: text("Dentist feb 30")},
		{name: "31 apr with a year", input: "Dentist 31 apr 2027", want: text("Dentist 31 apr 2027")},
		{name: "29 feb in a common year", input: "Dentist 29 feb 2027", want: text("Dentist 29 feb 2027")},
		{name: "impossible iso", input: "Dentist 2026-02-30", want: text("Dentist 2026-02-30")},
		{name: "iso before 1900", input: "Dentist 1899-12-31", want: text("Dentist 1899-12-31")},
		{name: "year before 1900", input: "Dentist 12 dec 1899", want: text("Dentist 12 dec 1899")},
		{name: "short iso", input: "Meet 2026-1-2", want: text("Meet 2026-1-2")},
		{name: "day 32", input: "Dentist 32 dec", want: text("Dentist 32 dec")},
		{name: "day 0", input: "Dentist 0 dec", want: text("Dentist 0 dec")},
		{name: "day of three digits", input: "Dentist 012 dec", want: text("Dentist 012 dec")},
		{name: "month without a day", input: "Buy may flowers", want: text("Buy may flowers")},
		{name: "full month without a day", input: "Read december issue", want: text("Read december issue")},
		{name: "in hours", input: "Go in 3 hours", want: text("Go in 3 hours")},
		{name: "in words", input: "Go in three days", want: text("Go in three days")},
		{name: "in too many days", input: "Go in 123456 days", want: text("Go in 123456 days")},
		{name: "next something else", input: "next time ask Bob", want: text("next time ask Bob")},
		{name: "next alone", input: "Call mom next", want: text("Call mom next")},
		{name: "on something else", input: "Work on the roof", want: text("Work on the roof")},
		{name: "by something else", input: "Stand by me", want: text("Stand by me")},
		{name: "on in days", input: "Work on in 3 days", want: due("Work on", "2026-06-13", "in 3 days")},
		{name: "a quote splits a phrase", input: `Call mom next "friday"`, want: text("Call mom next friday")},
		{name: "not a letter that folds into one", input: "Plan next wee\u212a", want: text("Plan next wee\u212a")},
		{name: "tomorrow at the end of time", input: "Party tomorrow", today: "9999-12-31", want: text("Party tomorrow")},
		{name: "weeks past the end of time", input: "Party in 2 weeks", today: "9999-12-20", want: text("Party in 2 weeks")},
	})
}

func TestParseQuickAddPriority(t *testing.T) {
	t.Parallel()
	prio := func(title string, p models.Priority, token string) quickResult {
		return quickResult{Title: title, Priority: p, Tokens: []string{"priority " + token}}
	}
	runQuickCases(t, []quickCase{
		{name: "p1", input: "Fix bug p1", want: prio("Fix bug", models.PriorityUrgent, "p1")},
		{name: "p2", input: "Fix bug p2", want: prio("Fix bug", models.PriorityHigh, "p2")},
		{name: "p3", input: "p3 Fix bug", want: prio("Fix bug", models.PriorityMedium, "p3")},
		{name: "p4", input: "Fix p4 bug", want: prio("Fix bug", models.PriorityLow, "p4")},
		{name: "capital", input: "Fix bug P2", want: prio("Fix bug", models.PriorityHigh, "P2")},
		{name: "the last counts", input: "Fix bug p1 p3", want: prio("Fix bug p1", models.PriorityMedium, "p3")},
		{name: "p5", input: "Fix bug p5", want: text("Fix bug p5")},
		{name: "p0", input: "Fix bug p0", want: text("Fix bug p0")},
		{name: "p12", input: "Fix bug p12", want: text("Fix bug p12")},
		{name: "inside a word", input: "Buy mp3 player", want: text("Buy mp3 player")},
		{name: "punctuation", input: "Fix bug p1.", want: text("Fix bug p1.")},
	})
}

func TestParseQuickAddLists(t *testing.T) {
	t.Parallel()
	list := func(title, name, token string) quickResult {
		return quickResult{Title: title, List: name, Tokens: []string{"list " + token}}
	}
	runQuickCases(t, []quickCase{
		{name: "any case", input: "Call mom #family", want: list("Call mom", "Family", "#family")},
		{name: "quoted name", input: `Draft memo #"two  WORDS"`, want: list("Draft memo", "Two words", `#"two  WORDS"`)},
		{name: "curly quotes", input: "Draft memo #“Two words”", want: list("Draft memo", "Two words", "#“Two words”")},
		{name: "the inbox", input: "#Inbox sort later", want: list("sort later", "Inbox", "#Inbox")},
		{name: "the last counts", input: "Call #Family #Work", want: list("Call #Family", "Work", "#Work")},
		{name: "a number", input: "Fix #482", want: text("Fix #482")},
		{name: "first word of a name with spaces", input: "Draft memo #Two words", want: text("Draft memo #Two words")},
		{name: "inside a word", input: "Call mom#Family", want: text("Call mom#Family")},
		{name: "punctuation", input: "Call mom #Family.", want: text("Call mom #Family.")},
		{name: "hash alone", input: "Press # twice", want: text("Press # twice")},
		{name: "quoted unknown name is text without quotes", input: `Fix #"Nope"`, want: text("Fix #Nope")},
		{name: "quote with more after it", input: `Fix #"Family"s`, want: text("Fix #Familys")},
	})
}

func TestParseQuickAddLabels(t *testing.T) {
	t.Parallel()
	many := make([]string, models.MaxLabelsPerTask+1)
	for i := range many {
		many[i] = "@l" + string(rune('a'+i))
	}
	manyTokens := make([]string, models.MaxLabelsPerTask)
	for i := range manyTokens {
		manyTokens[i] = "label " + many[i]
	}
	names := make([]string, models.MaxLabelsPerTask)
	for i := range names {
		names[i] = many[i][1:]
	}
	long := strings.Repeat("x", models.MaxLabelNameLen)
	runQuickCases(t, []quickCase{
		{name: "one", input: "Call mom @phone", want: quickResult{Title: "Call mom", Labels: []string{"phone"}, Tokens: []string{"label @phone"}}},
		{name: "several in order", input: "@home Call mom @phone", want: quickResult{Title: "Call mom", Labels: []string{"home", "phone"}, Tokens: []string{"label @home", "label @phone"}}},
		{name: "repeated in another case", input: "Call @Phone mom @phone", want: quickResult{Title: "Call mom", Labels: []string{"Phone"}, Tokens: []string{"label @Phone", "label @phone"}}},
		{name: "quoted name", input: `Call mom @"on  the go"`, want: quickResult{Title: "Call mom", Labels: []string{"on the go"}, Tokens: []string{`label @"on  the go"`}}},
		{name: "longest name", input: "Call @" + long, want: quickResult{Title: "Call", Labels: []string{long}, Tokens: []string{"label @" + long}}},
		{name: "name too long", input: "Call @" + long + "x", want: text("Call @" + long + "x")},
		{name: "comma", input: "Call @a,b", want: text("Call @a,b")},
		{name: "at alone", input: "Meet @ noon", want: text("Meet @ noon")},
		{name: "two ats", input: "Call @@phone", want: text("Call @@phone")},
		{name: "email address", input: "Mail bob@example.com", want: text("Mail bob@example.com")},
		{name: "empty quotes", input: `Call @"" mom`, want: text("Call @ mom")},
		{name: "at most MaxLabelsPerTask", input: "Tag " + strings.Join(many, " "), want: quickResult{
			Title: "Tag " + many[len(many)-1], Labels: names, Tokens: manyTokens,
		}},
	})
}

func TestParseQuickAddText(t *testing.T) {
	t.Parallel()
	runQuickCases(t, []quickCase{
		{name: "quoted keyword", input: `"tomorrow" call mom`, want: text("tomorrow call mom")},
		{name: "curly quotes", input: "Read “The 5th Wave” tomorrow", want: due("Read The 5th Wave", "2026-06-11", "tomorrow")},
		{name: "quoted tokens", input: `"p1 #Family @phone" list`, want: text("p1 #Family @phone list")},
		{name: "quote mark inside a word", input: `Buy 12" pizza tomorrow`, want: due(`Buy 12" pizza`, "2026-06-11", "tomorrow")},
		{name: "unclosed quote keeps the rest", input: `Read "The 5th Wave tomorrow`, want: text(`Read "The 5th Wave tomorrow`)},
		{name: "empty quotes", input: `Say "" tomorrow`, want: due("Say", "2026-06-11", "tomorrow")},
		{name: "typed spaces stay, a cut leaves one", input: "Call  mom tomorrow   please", want: due("Call  mom please", "2026-06-11", "tomorrow")},
		{name: "trimmed", input: "  tomorrow   Call mom  ", want: due("Call mom", "2026-06-11", "tomorrow")},
		{name: "tabs", input: "Call\tmom\ttomorrow", want: due("Call\tmom", "2026-06-11", "tomorrow")},
		{name: "no-break space", input: "Call mom\u00a0tomorrow", want: due("Call mom", "2026-06-11", "tomorrow")},
		{name: "not UTF-8 is not parsed", input: "Call\xd3 \"mom\" tomorrow", want: text("Call\xd3 \"mom\" tomorrow")},
		{name: "empty", input: "", want: text("")},
		{name: "only space", input: "   ", want: text("")},
		{name: "a date alone is the title", input: "tomorrow", want: text("tomorrow")},
		{name: "tokens alone are the title", input: " tomorrow p1  @phone ", want: text("tomorrow p1  @phone")},
		{name: "tokens and empty quotes are the title", input: `"" tomorrow`, want: text("tomorrow")},
	})
}

func TestParseQuickAddKeep(t *testing.T) {
	t.Parallel()
	runQuickCases(t, []quickCase{
		{name: "kept date stays text", input: "Call mom tomorrow", keep: []string{"1:tomorrow"}, want: quickResult{Title: "Call mom tomorrow", Kept: []string{"1:tomorrow"}}},
		{name: "holds while typing elsewhere", input: "Call my mom tomorrow p1", keep: []string{"1:tomorrow"}, want: quickResult{
			Title: "Call my mom tomorrow", Priority: models.PriorityUrgent, Tokens: []string{"priority p1"}, Kept: []string{"1:tomorrow"},
		}},
		{name: "then an earlier date counts", input: "Plan friday party tomorrow", keep: []string{"1:tomorrow"}, want: quickResult{
			Title: "Plan party tomorrow", Due: "2026-06-12", Tokens: []string{"due friday"}, Kept: []string{"1:tomorrow"},
		}},
		{name: "the second of two", input: "Read tomorrow and tomorrow", keep: []string{"2:tomorrow"}, want: quickResult{
			Title: "Read and tomorrow", Due: "2026-06-11", Tokens: []string{"due tomorrow"}, Kept: []string{"2:tomorrow"},
		}},
		{name: "a phrase as a whole", input: "Call mom next friday", keep: []string{"1:next friday"}, want: quickResult{Title: "Call mom next friday", Kept: []string{"1:next friday"}}},
		{name: "a label", input: "Call @mom @phone", keep: []string{"1:@mom"}, want: quickResult{
			Title: "Call @mom", Labels: []string{"phone"}, Tokens: []string{"label @phone"}, Kept: []string{"1:@mom"},
		}},
		{name: "a list", input: "Fix #Work", keep: []string{"1:#Work"}, want: quickResult{Title: "Fix #Work", Kept: []string{"1:#Work"}}},
		{name: "keys name the text as typed", input: "Call mom Tomorrow", keep: []string{"1:tomorrow"}, want: due("Call mom", "2026-06-11", "Tomorrow")},
		{name: "keys that name nothing are dropped", input: "Call mom tomorrow", keep: []string{"1:friday", "2:tomorrow", "tomorrow", ""}, want: due("Call mom", "2026-06-11", "tomorrow")},
		{name: "keeping every token gives the title with nothing taken", input: `"Wave" tomorrow p1 #Work @x`, keep: []string{"1:tomorrow", "1:p1", "1:#Work", "1:@x"}, want: quickResult{
			Title: "Wave tomorrow p1 #Work @x", Kept: []string{"1:tomorrow", "1:p1", "1:#Work", "1:@x"},
		}},
	})
}

// TestParseQuickAddBound parses input up to MaxQuickAddLen bytes and
// leaves longer input whole.
func TestParseQuickAddBound(t *testing.T) {
	t.Parallel()
	today := mustDate(t, quickToday)
	atMost := strings.Repeat("x", models.MaxQuickAddLen-len(" tomorrow")) + " tomorrow"
	if q := models.ParseQuickAdd(atMost, today, nil, nil); q.Due.String() != "2026-06-11" {
		t.Errorf("%d bytes: due %q, want 2026-06-11", len(atMost), q.Due)
	}
	over := "x" + atMost
	q := models.ParseQuickAdd(over, today, nil, nil)
	if q.Title != over || !q.Due.IsZero() || len(q.Tokens) != 0 {
		t.Errorf("%d bytes: parsed to %+v, want it all as the title", len(over), summarize(q))
	}
	if models.ValidateTitle(q.Title) == nil {
		t.Errorf("a title of %d bytes passes ValidateTitle", len(over))
	}
}

func TestQuickKindString(t *testing.T) {
	t.Parallel()
	for k, want := range map[models.QuickKind]string{
		models.QuickDue: "due", models.QuickPriority: "priority", models.QuickList: "list", models.QuickLabel: "label",
		0: "QuickKind(0)", 5: "QuickKind(5)",
	} {
		if got := k.String(); got != want {
			t.Errorf("QuickKind(%d).String() = %q, want %q", int(k), got, want)
		}
	}
}

// BenchmarkParseQuickAdd parses a typical line, and lines of
// MaxQuickAddLen bytes made to cost the most: every word a token, every
// word a quote, every word a phrase that almost parses.
func BenchmarkParseQuickAdd(b *testing.B) {
	today := mustDate(&testing.T{}, quickToday)
	fill := func(word string) string {
		return strings.Repeat(word, models.MaxQuickAddLen/len(word))
	}
	for _, bb := range []struct{ name, input string }{
		{"typical", "Call mom tomorrow p1 #Family @phone"},
		{"tokens", fill("@a p1 #Work next friday 12 dec ")},
		{"quotes", fill(`"a" #"b" `)},
		{"unclosed", fill(`“`)},
		{"near misses", fill("in 3 dec next sun 31 feb ")},
	} {
		b.Run(bb.name, func(b *testing.B) {
			for b.Loop() {
				models.ParseQuickAdd(bb.input, today, quickLists, nil)
			}
		})
	}
}

// TestParseDay checks the date field's words: a day alone, as quick add
// reads it, with short weekdays too; anything more or else is refused.
func TestParseDay(t *testing.T) {
	today := mustDate(t, quickToday) // a Wednesday
	for in, want := range map[string]string{
		"today":       "2026-06-10",
		"Tomorrow":    "2026-06-11",
		"fri":         "2026-06-12",
		"wed":         "2026-06-17",
		"friday":      "2026-06-12",
		"next week":   "2026-06-15",
		"next mon":    "2026-06-15",
		"in 3 days":   "2026-06-13",
		"in 2 weeks":  "2026-06-24",
		"12 dec":      "2026-12-12",
		"Dec 12 2027": "2027-12-12",
		"1 jan":       "2027-01-01",
		"2026-12-12":  "2026-12-12",
		"by friday":   "2026-06-12",
		" 12 dec ":    "2026-12-12",
	} {
		got, ok := models.ParseDay(in, today)
		if !ok || got.String() != want {
			t.Errorf("ParseDay(%q) = %v, %v; want %s", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "soon", "tomorrow p1", "call mom tomorrow", "31 feb", "2026-02-30",
		"12/12/2026", "\"tomorrow\"", "in 3", "next", "0001-01-01", strings.Repeat("tomorrow ", 10)} {
		if got, ok := models.ParseDay(in, today); ok {
			t.Errorf("ParseDay(%q) = %v; want refused", in, got)
		}
	}
}
